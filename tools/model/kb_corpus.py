"""Generate the knowledge-grounded corpus: dialogues whose answers must come from the passages in the prompt.

Every example is one shop with its own small help centre, drawn at random: shop and product names are
composed from syllables, and countries, prices, hours, day counts, payment methods and carriers are drawn per
shop, so the model cannot memorise a fact; it has to copy it from the passages. The passages of an example
are what a lexical retriever (a stand-in for the service's PostgreSQL full-text search) ranks first for the
customer's newest message plus context, so the right passage is sometimes second or third, and questions the
help centre does not cover get unrelated passages. Those get the hand-over reply (the service then hands the
conversation to a person with reason `no_answer`).

Held-out shops (`--split eval`) draw from value pools that training never uses (other countries, shop and
product syllables, prices ending in other cents, hours at a quarter past), so an evaluation on them measures
copying, not memory. Eval questions are written apart from these templates (see eval_kb.py).

Example (one JSON line): {"shop": ..., "kind": "answer"|"handover"|"followup"|"offtopic"|"smalltalk"|"abuse",
"persona": str|null, "passages": [{"title", "text"}], "turns": [{"speaker", "text"}], "reply": str,
"facts": [str]} where `reply` is the agent's answer to the last customer turn and `facts` the strings it must
contain.

    /usr/bin/python3 tools/model/kb_corpus.py --out tools/model/out/kb-corpus
"""

import argparse
import json
import math
import os
import random
import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

# ---------------------------------------------------------------- value pools (train / eval kept apart)
COUNTRIES = {
    "train": ["Germany", "France", "Spain", "Italy", "Portugal", "Belgium", "the Netherlands", "Luxembourg",
              "Denmark", "Sweden", "Norway", "Finland", "Poland", "Czechia", "Slovakia", "Hungary", "Greece",
              "Ireland", "the United Kingdom", "the United States", "Mexico", "Brazil", "Japan", "South Korea",
              "Australia", "New Zealand", "Iceland", "Estonia", "Latvia", "Lithuania", "Romania", "Bulgaria",
              "Croatia", "Slovenia", "Cyprus", "Malta", "Turkey", "Israel", "Morocco", "Chile"],
    "eval": ["Austria", "Switzerland", "Canada", "Argentina", "India", "Singapore", "South Africa", "Egypt",
             "Serbia", "Ukraine", "Vietnam", "Thailand", "Peru", "Colombia", "Kenya", "Tunisia", "Monaco",
             "Andorra", "Liechtenstein", "Uruguay"],
}
SHOP_HEADS = {
    "train": ["Nord", "Blue", "Oak", "Pixel", "Maple", "River", "Stone", "Sunny", "Cedar", "Fox", "Lumen", "Tidy",
              "Velvet", "Cobalt", "Amber", "Willow", "Harbor", "Meadow", "Pepper", "Copper"],
    "eval": ["Kestrel", "Juniper", "Quartz", "Saffron", "Tundra", "Zephyr", "Indigo", "Marble"],
}
SHOP_TAILS = {
    "train": ["hive", "box", "lane", "nest", "works", " & Co", " Store", " Market", "ly", " Goods", " House",
              " Supply", "mart", " Studio", " Outfitters"],
    "eval": [" Emporium", "craft", " Depot", " Traders", "ora"],
}
PRODUCT_HEADS = {
    "train": ["Aero", "Trail", "Nimbus", "Volt", "Orbit", "Pebble", "Summit", "Breeze", "Luna", "Flex", "Echo",
              "Cedar", "Drift", "Polar", "Halo", "Terra", "Swift", "Nova", "Glow", "Atlas"],
    "eval": ["Moss", "Vega", "Crest", "Fjord", "Ember", "Onyx", "Sable", "Koda"],
}
PRODUCT_TAILS = {
    "train": ["blender", "jacket", "pillow", "power bank", "desk lamp", "speaker", "backpack", "fan", "grinder",
              "yoga mat", "kettle", "cutting board", "sneakers", "water bottle", "smart bulb", "headphones",
              "tent", "watch", "notebook", "umbrella"],
    "eval": ["toaster", "scarf", "thermos", "rucksack", "mixer", "lantern", "sandals", "keyboard"],
}
CENTS = {"train": ["00", "50", "90", "95", "99"], "eval": ["45", "25", "75"]}
MINUTES = {"train": ["00", "30"], "eval": ["15", "45"]}
# Day counts: eval only uses these, training never does.
EVAL_NUMBERS = [11, 13, 17, 19, 23, 26]
PAYMENT_METHODS = ["Visa", "Mastercard", "American Express", "PayPal", "Apple Pay", "Google Pay", "Klarna",
                   "bank transfer", "iDEAL", "gift cards"]
CARRIERS = ["DHL", "UPS", "DPD", "GLS", "FedEx", "Royal Mail", "PostNL", "Hermes"]
CURRENCIES = ["€", "$", "£"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def number(r: random.Random, split: str, low: int, high: int) -> int:
    pool = [n for n in range(low, high + 1) if (n in EVAL_NUMBERS) == (split == "eval")]
    if not pool:  # a range without eval numbers: eval uses it as training does
        pool = list(range(low, high + 1))
    return r.choice(pool)


def price(r: random.Random, split: str, cur: str, low: int, high: int) -> str:
    return f"{cur}{r.randint(low, high)}.{r.choice(CENTS[split])}"


def clock(r: random.Random, split: str, low: int, high: int) -> str:
    return f"{r.randint(low, high)}:{r.choice(MINUTES[split])}"


def join_list(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


# ---------------------------------------------------------------- a shop and its help centre
@dataclass
class Article:
    topic: str
    title: str
    sentences: List[str]
    # fact name -> the sentence index holding it and the exact string
    facts: Dict[str, Tuple[int, str]] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return " ".join(self.sentences)


@dataclass
class Shop:
    name: str
    split: str
    cur: str
    countries: List[str]
    not_countries: List[str]
    methods: List[str]
    not_methods: List[str]
    products: List[Tuple[str, str]]
    articles: Dict[str, Article]
    values: Dict[str, str]


TOPICS = ["shipping_countries", "delivery_times", "shipping_costs", "returns", "refunds", "payment",
          "opening_hours", "order_tracking", "account", "gift_cards", "products", "warranty", "contact"]


def make_shop(r: random.Random, split: str) -> Shop:
    name = r.choice(SHOP_HEADS[split]) + r.choice(SHOP_TAILS[split])
    cur = r.choice(CURRENCIES)
    pool = COUNTRIES[split][:]
    r.shuffle(pool)
    countries = pool[: r.randint(3, 6)]
    not_countries = pool[len(countries): len(countries) + 4]
    methods = r.sample(PAYMENT_METHODS, r.randint(3, 5))
    not_methods = [m for m in PAYMENT_METHODS if m not in methods]
    products: List[Tuple[str, str]] = []
    while len(products) < 3:
        p = f"{r.choice(PRODUCT_HEADS[split])} {r.choice(PRODUCT_TAILS[split])}"
        if p not in [q for q, _ in products]:
            products.append((p, price(r, split, cur, 9, 300)))
    d1 = number(r, split, 1, 5)
    v = {
        "d1": str(d1), "d2": str(d1 + number(r, split, 1, 4)), "express": str(number(r, split, 1, 2)),
        "express_price": price(r, split, cur, 5, 25), "cutoff": clock(r, split, 11, 16),
        "ship_price": price(r, split, cur, 2, 9), "free_over": f"{cur}{r.choice([25, 30, 40, 50, 60, 75, 100])}",
        "return_days": str(number(r, split, 14, 60)), "return_cost": r.choice(["free", price(r, split, cur, 3, 8)]),
        "refund_days": str(number(r, split, 3, 14)),
        "open": clock(r, split, 7, 10), "close": clock(r, split, 16, 20),
        "sat_open": clock(r, split, 9, 11), "sat_close": clock(r, split, 13, 16),
        "first_day": "Monday", "last_day": r.choice(["Friday", "Friday", "Saturday"]),
        "cancel_hours": str(number(r, split, 1, 24)), "carrier": r.choice(CARRIERS),
        "link_minutes": str(r.choice([15, 30, 60, 120])) if split == "train" else str(r.choice([45, 90])),
        "gift_min": f"{cur}{r.choice([10, 15, 20, 25])}", "gift_max": f"{cur}{r.choice([150, 200, 250, 500])}",
        "gift_years": str(number(r, split, 1, 5)), "warranty_years": str(number(r, split, 1, 5)),
        "email": f"{r.choice(['help', 'support', 'hello', 'care', 'service'])}@{re.sub('[^a-z]', '', name.lower())}.com",
        "phone": f"+{r.randint(1, 49)} {r.randint(100, 999)} {r.randint(100, 999)} {r.randint(1000, 9999)}",
    }
    shop = Shop(name, split, cur, countries, not_countries, methods, not_methods, products, {}, v)
    shop.articles = {t: build_article(r, shop, t) for t in TOPICS}
    return shop


def build_article(r: random.Random, s: Shop, topic: str) -> Article:
    v = s.values
    days = lambda a, b: f"{a} to {b} working days" if a != b else f"{a} working days"  # noqa: E731
    if topic == "shipping_countries":
        a = Article(topic, r.choice(["Where we ship", "Shipping countries", "Countries we deliver to"]), [
            f"We ship to {join_list(s.countries)}.",
            r.choice([f"We do not ship to other countries yet.", f"Other countries are not available at the moment."]),
        ])
        a.facts["countries"] = (0, join_list(s.countries))
    elif topic == "delivery_times":
        a = Article(topic, r.choice(["Delivery times", "How long delivery takes", "Shipping times"]), [
            f"Standard delivery takes {days(v['d1'], v['d2'])}.",
            f"Express delivery takes {v['express']} working day{'s' if v['express'] != '1' else ''} and costs {v['express_price']}.",
            f"Orders placed before {v['cutoff']} leave our warehouse the same day.",
        ])
        a.facts.update({"standard": (0, days(v["d1"], v["d2"])), "express_price": (1, v["express_price"]),
                        "cutoff": (2, v["cutoff"])})
    elif topic == "shipping_costs":
        a = Article(topic, r.choice(["Shipping costs", "Delivery charges"]), [
            f"Standard shipping costs {v['ship_price']}.",
            f"Shipping is free for orders over {v['free_over']}.",
            f"We ship with {v['carrier']}.",
        ])
        a.facts.update({"ship_price": (0, v["ship_price"]), "free_over": (1, v["free_over"]),
                        "carrier": (2, v["carrier"])})
    elif topic == "returns":
        cost = "Returns are free." if v["return_cost"] == "free" else f"A return costs {v['return_cost']}."
        a = Article(topic, r.choice(["Returns", "Returning an item", "Return policy"]), [
            f"You can return items within {v['return_days']} days of delivery.",
            "Items must be unused and in their original packaging.",
            cost,
            "Start a return from the Orders page of your account.",
        ])
        a.facts.update({"return_days": (0, f"{v['return_days']} days"),
                        "return_cost": (2, "free" if v["return_cost"] == "free" else v["return_cost"])})
    elif topic == "refunds":
        a = Article(topic, r.choice(["Refunds", "When you get your money back"]), [
            f"We refund your original payment method within {v['refund_days']} working days after your return arrives.",
            "You get an e-mail as soon as the refund is issued.",
        ])
        a.facts["refund_days"] = (0, f"{v['refund_days']} working days")
    elif topic == "payment":
        a = Article(topic, r.choice(["Payment methods", "How to pay", "Ways to pay"]), [
            f"We accept {join_list(s.methods)}.",
            f"We do not accept {join_list(s.not_methods[:2])}." if s.not_methods else "All common payment methods are accepted.",
            "You are charged when your order ships.",
        ])
        a.facts["methods"] = (0, join_list(s.methods))
    elif topic == "opening_hours":
        a = Article(topic, r.choice(["Opening hours", "When we are available", "Customer service hours"]), [
            f"Our support team is available {v['first_day']} to {v['last_day']} from {v['open']} to {v['close']}.",
            f"On Saturday we are open from {v['sat_open']} to {v['sat_close']}." if v["last_day"] == "Friday"
            else "On Sunday we are closed.",
            "We are closed on public holidays.",
        ])
        a.facts["hours"] = (0, f"{v['open']} to {v['close']}")
        if v["last_day"] == "Friday":
            a.facts["saturday"] = (1, f"{v['sat_open']} to {v['sat_close']}")
    elif topic == "order_tracking":
        a = Article(topic, r.choice(["Tracking your order", "Order status", "Where is my order"]), [
            f"When your order ships you get an e-mail with a {v['carrier']} tracking link.",
            f"You can change or cancel an order within {v['cancel_hours']} hours of placing it.",
            "After that, contact us and we will help.",
        ])
        a.facts.update({"tracking": (0, "tracking link"), "cancel_hours": (1, f"{v['cancel_hours']} hours")})
    elif topic == "account":
        a = Article(topic, r.choice(["Your account", "Account and password", "Logging in"]), [
            "To reset your password, choose Forgot password on the login page.",
            f"The reset link is valid for {v['link_minutes']} minutes.",
            f"To delete your account, write to {v['email']}.",
        ])
        a.facts.update({"reset": (0, "Forgot password"), "link_minutes": (1, f"{v['link_minutes']} minutes"),
                        "delete": (2, v["email"])})
    elif topic == "gift_cards":
        a = Article(topic, r.choice(["Gift cards and discount codes", "Gift cards", "Vouchers"]), [
            f"Gift cards are available from {v['gift_min']} to {v['gift_max']}.",
            f"They are valid for {v['gift_years']} year{'s' if v['gift_years'] != '1' else ''}.",
            "You can use one discount code per order, entered at checkout.",
        ])
        a.facts.update({"gift_range": (0, f"{v['gift_min']} to {v['gift_max']}"),
                        "gift_years": (1, f"{v['gift_years']} year")})
    elif topic == "products":
        items = [f"the {p} for {pr}" for p, pr in s.products]
        a = Article(topic, r.choice(["Our bestsellers", "Popular products", "Products and prices"]), [
            f"Our bestsellers are {join_list(items)}.",
            "Every product page shows sizes and materials.",
        ])
        for p, pr in s.products:
            a.facts[f"price:{p}"] = (0, pr)
    elif topic == "warranty":
        a = Article(topic, r.choice(["Warranty", "Guarantee", "Repairs and warranty"]), [
            f"All products come with a {v['warranty_years']}-year warranty.",
            "If something breaks, send us a photo and your order number and we repair or replace it.",
        ])
        a.facts["warranty"] = (0, f"{v['warranty_years']}-year")
    elif topic == "contact":
        a = Article(topic, r.choice(["Contact us", "Phone and e-mail", "Get in touch"]), [
            f"You can call us on {v['phone']} or write to {v['email']}.",
            "We answer e-mails within one working day.",
        ])
        a.facts.update({"phone": (0, v["phone"]), "email": (0, v["email"])})
    else:
        raise ValueError(topic)
    return a


# ---------------------------------------------------------------- retrieval stand-in
STOP = set("""a an the and or but if of to in on at for with by from is are was were be been am do does did
have has had i you we it my your our me us this that these those can could would should will shall may might
please hi hello hey there what when where which who how why any some much many thanks thank just also too
so not no yes ok okay about into as than then them they he she its im i'm""".split())


def words(text: str) -> List[str]:
    return [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in STOP]


def stem(w: str) -> str:
    for suf in ("ing", "ies", "es", "s", "ed", "ly"):
        if len(w) > len(suf) + 2 and w.endswith(suf):
            return w[: -len(suf)]
    return w


def rank_passages(articles: Sequence[Article], newest: str, context: str, r: random.Random,
                  limit: int = 3) -> List[Article]:
    """Articles by shared word stems with the question (title words weigh twice), newest message first."""
    q_new = {stem(w) for w in words(newest)}
    q_ctx = {stem(w) for w in words(context)} - q_new
    scored = []
    for a in articles:
        body = {stem(w) for w in words(a.text)}
        title = {stem(w) for w in words(a.title)}
        score = sum(2 if w in title else 1 for w in q_new if w in body or w in title)
        score += 0.3 * sum(1 for w in q_ctx if w in body or w in title)
        scored.append((score + r.random() * 0.2, a))
    scored.sort(key=lambda x: -x[0])
    return [a for sc, a in scored[:limit] if sc > 0.2]


# ---------------------------------------------------------------- customer wording
GREETINGS = ["hi", "hello", "hey", "hi there", "good morning", "good evening", "hiya", "hallo", "dear support",
             "hi team", "hello!", "hey!"]
ENDS = ["", "", "", "", " please", " thanks", " thx", " :)", " ?", ", thank you"]


def noise(r: random.Random, text: str) -> str:
    x = r.random()
    if x < 0.3:
        text = text.lower()
    elif x < 0.8 and text:
        text = text[0].upper() + text[1:]
    if r.random() < 0.35:
        text = text.rstrip(".?! ")
    if r.random() < 0.15:
        ws = text.split(" ")
        i = r.randrange(len(ws))
        w = ws[i]
        if len(w) > 4 and w.isalpha():
            j = r.randrange(1, len(w) - 2)
            ws[i] = r.choice([w[:j] + w[j + 1] + w[j] + w[j + 2:], w[:j] + w[j + 1:], w[:j] + w[j] + w[j:]])
            text = " ".join(ws)
    return text


def ask(r: random.Random, cores: List[str], slots: Dict[str, str]) -> str:
    core = r.choice(cores)
    for k, val in slots.items():
        core = core.replace("{" + k + "}", val)
    if r.random() < 0.2:
        core = r.choice(GREETINGS) + r.choice([", ", "! ", " "]) + core
    return noise(r, core + r.choice(ENDS))


# Each question: topic, fact it asks for, wordings. Answers are built from the article's sentence.
QUESTIONS: Dict[str, List[str]] = {
    "countries": ["which countries do you ship to", "where do you deliver", "do you ship internationally",
                  "what countries can you send orders to", "do you deliver abroad", "where can you ship to"],
    "standard": ["how long does delivery take", "how long will shipping take", "when will my order arrive",
                 "how many days for delivery", "what are your delivery times", "how fast do you ship",
                 "how long until i get my parcel"],
    "express_price": ["how much is express delivery", "do you have express shipping", "can i get it faster",
                      "what does express shipping cost", "is there a quicker delivery option"],
    "cutoff": ["if i order today when does it ship", "what time do i need to order for same day dispatch",
               "is there a cut off time for shipping today"],
    "ship_price": ["how much is shipping", "what does delivery cost", "are there shipping fees",
                   "how much do you charge for postage"],
    "free_over": ["is shipping free", "when do i get free delivery", "do you offer free shipping",
                  "minimum order for free shipping?"],
    "carrier": ["which courier do you use", "who delivers your parcels", "what delivery company do you use"],
    "return_days": ["can i return my order", "how long do i have to return something", "what is your return policy",
                    "i want to send something back", "how many days to return an item", "is there a return window"],
    "return_cost": ["are returns free", "do i have to pay for a return", "how much does a return cost"],
    "refund_days": ["when will i get my refund", "how long does a refund take", "i sent my return, when do i get my money",
                    "how fast are refunds", "where is my refund"],
    "methods": ["what payment methods do you accept", "how can i pay", "which ways to pay do you have",
                "what cards do you take", "payment options?"],
    "hours": ["what are your opening hours", "when are you open", "when is customer service available",
              "what time does support open", "are you open now", "until when can i reach you"],
    "saturday": ["are you open on saturday", "can i reach you on saturdays", "what are your weekend hours"],
    "tracking": ["where is my order", "how do i track my order", "has my order shipped", "i want to track my parcel",
                 "where is my package", "can i get a tracking number"],
    "cancel_hours": ["can i cancel my order", "i want to change my order", "can i still change the address on my order",
                     "how do i cancel an order"],
    "reset": ["i forgot my password", "how do i reset my password", "i cant log in", "password reset please",
              "i lost my password"],
    "link_minutes": ["the reset link doesnt work", "my password link expired", "how long is the reset link valid"],
    "delete": ["how do i delete my account", "i want to close my account", "please remove my account"],
    "gift_range": ["do you sell gift cards", "how much can a gift card be", "can i buy a voucher"],
    "gift_years": ["how long is a gift card valid", "does my voucher expire", "when do gift cards expire"],
    "warranty": ["is there a warranty", "what is the guarantee on your products", "my item broke, is it covered",
                 "how long is the warranty"],
    "phone": ["what is your phone number", "can i call you", "how do i reach you by phone"],
    "email": ["what is your email address", "how can i email you", "where do i send an email"],
}
FACT_TOPIC = {
    "countries": "shipping_countries", "standard": "delivery_times", "express_price": "delivery_times",
    "cutoff": "delivery_times", "ship_price": "shipping_costs", "free_over": "shipping_costs",
    "carrier": "shipping_costs", "return_days": "returns", "return_cost": "returns", "refund_days": "refunds",
    "methods": "payment", "hours": "opening_hours", "saturday": "opening_hours", "tracking": "order_tracking",
    "cancel_hours": "order_tracking", "reset": "account", "link_minutes": "account", "delete": "account",
    "gift_range": "gift_cards", "gift_years": "gift_cards", "warranty": "warranty", "phone": "contact",
    "email": "contact",
}
# Questions no shop's help centre answers: always handed over.
UNCOVERED = ["do you have a shop in {city}", "can i pick up my order in store", "do you offer installation",
             "are you hiring", "do you sell wholesale", "do you have a student discount", "do you price match",
             "can you engrave my order", "is the {product} in stock", "can i pay in instalments over 12 months",
             "do you have a loyalty programme", "can i speak to the manager about a partnership",
             "why was i charged twice", "my parcel arrived damaged", "the item i got is the wrong size",
             "can you send me an invoice with my company name", "i never got my order, it says delivered",
             "can i change the colour of the {product} i ordered", "do you ship to the moon",
             "my discount code is not working", "i want to complain about the driver"]
CITIES = ["Berlin", "Paris", "Madrid", "Vienna", "Leeds", "Boston", "Lyon", "Porto", "Zurich", "Oslo"]
OFFTOPIC = ["what's the weather like today", "tell me a joke", "who won the football last night",
            "can you help me with my homework", "what is the capital of australia", "write me a poem",
            "what's a good recipe for pancakes", "what is the meaning of life", "recommend me a movie",
            "how do i fix my car", "what is 17 times 23", "do you like music"]
ABUSE = ["you are useless", "this is a stupid bot", "you idiots lost my package", "worst shop ever",
         "are you brain dead", "what a pathetic service", "shut up and fix it", "this is a joke, you morons"]
SMALLTALK = {
    "greeting": (["hi", "hello", "hey there", "good morning", "hi!", "hello, anyone there?"],
                 ["Hello! How can I help you today?", "Hi! What can I do for you?"]),
    "thanks": (["thanks", "thank you!", "great, thanks", "perfect, thank you", "ok thx bye", "that helps, cheers"],
               ["You're welcome! Is there anything else I can help with?", "Glad I could help. Have a nice day!"]),
    "who": (["are you a bot", "am i talking to a human", "who are you"],
            ["I'm {bot}, the virtual assistant of {shop}. I can answer questions about orders, delivery, returns and "
             "payments, and get a person from our team when you need one."]),
}
HANDOVER = [
    "I'm sorry, I don't have information about that. I'll get a person from our team to help you.",
    "I don't have an answer to that, sorry. I'll get a person from our team to help you.",
]
OFFTOPIC_REPLY = ("I can only help with questions about {shop}: orders, delivery, returns, payments and your "
                  "account. Is there something about those I can help with?")
ABUSE_REPLY = ["I'm sorry this has been frustrating. I'm here to help: tell me what went wrong and I'll do my best.",
               "I understand you're upset. Tell me what happened with your order and I'll help you sort it out."]
PERSONAS = ["You are {bot}, the support assistant of {shop}. Answer briefly and politely.",
            "You are {bot}, the support assistant of this shop. Answer briefly and politely, stay on the "
            "customer's question, and offer a human agent when you cannot help.",
            "You are {bot} from {shop}. Be friendly and short.",
            "You are the customer service assistant of {shop}. Use the articles to answer."]
BOTS = ["Neo", "Mia", "Sam", "Pip", "Ada", "Leo", "Kim", "Max"]


def answer_for(r: random.Random, s: Shop, fact: str, question: str) -> Tuple[str, List[str]]:
    """The agent's reply to a question about `fact` when its article is among the passages."""
    a = s.articles[FACT_TOPIC[fact]]
    idx, value = a.facts[fact]
    sentence = a.sentences[idx]
    lead = r.choice(["", "", "Sure! ", "Good question. ", "Of course. "])
    tail = r.choice(["", "", "", " Anything else I can help with?"])
    return lead + sentence + tail, [value]


def country_answer(r: random.Random, s: Shop, country: str) -> Tuple[str, List[str]]:
    if country in s.countries:
        return r.choice([f"Yes, we ship to {country}.", f"Yes, we deliver to {country}."]), [country]
    return (f"Sorry, we don't ship to {country} at the moment. We ship to {join_list(s.countries)}.",
            [join_list(s.countries)])


def method_answer(r: random.Random, s: Shop, method: str) -> Tuple[str, List[str]]:
    if method in s.methods:
        return r.choice([f"Yes, you can pay with {method}.", f"Yes, we accept {method}."]), [method]
    return (f"Sorry, we don't accept {method}. You can pay with {join_list(s.methods)}.", [join_list(s.methods)])


def product_answer(r: random.Random, s: Shop, product: str) -> Tuple[str, List[str]]:
    pr = dict(s.products)[product]
    return r.choice([f"The {product} costs {pr}.", f"The {product} is {pr}."]), [pr]


@dataclass
class Example:
    kind: str
    turns: List[Tuple[str, str]]
    reply: str
    facts: List[str]
    covered_topic: Optional[str]  # the topic whose article the reply needs (None: none)


def one_question(r: random.Random, s: Shop, present: List[str]) -> Example:
    """An answerable or unanswerable question, as the first customer turn."""
    x = r.random()
    if x < 0.14:
        c = r.choice(s.countries + s.not_countries[:2])
        q = ask(r, ["do you ship to {c}", "can you deliver to {c}", "do you send orders to {c}",
                    "is shipping to {c} possible", "i live in {c}, can i order"], {"c": c})
        reply, facts = country_answer(r, s, c)
        return Example("answer", [("customer", q)], reply, facts, "shipping_countries")
    if x < 0.26:
        m = r.choice(s.methods + s.not_methods[:2])
        q = ask(r, ["can i pay with {m}", "do you accept {m}", "is {m} possible", "do you take {m}",
                    "can i use {m} at checkout"], {"m": m})
        reply, facts = method_answer(r, s, m)
        return Example("answer", [("customer", q)], reply, facts, "payment")
    if x < 0.33:
        p = r.choice(s.products)[0]
        q = ask(r, ["how much is the {p}", "what does the {p} cost", "price of the {p}?", "how much for the {p}"],
                {"p": p})
        reply, facts = product_answer(r, s, p)
        return Example("answer", [("customer", q)], reply, facts, "products")
    fact = r.choice(list(QUESTIONS))
    q = ask(r, QUESTIONS[fact], {})
    if fact == "saturday" and "saturday" not in s.articles["opening_hours"].facts:
        fact = "hours"
    reply, facts = answer_for(r, s, fact, q)
    return Example("answer", [("customer", q)], reply, facts, FACT_TOPIC[fact])


def uncovered_question(r: random.Random, s: Shop) -> Example:
    q = ask(r, UNCOVERED, {"city": r.choice(CITIES), "product": r.choice(s.products)[0]})
    return Example("handover", [("customer", q)], r.choice(HANDOVER), [], None)


def followup(r: random.Random, s: Shop, present: List[str]) -> Example:
    """A question, its answer, then a short follow-up that refers back to it."""
    kind = r.choice(["payment", "country", "product", "saturday", "express"])
    if kind == "payment":
        m1, m2 = r.sample(s.methods + s.not_methods[:2], 2)
        first = ask(r, ["can i pay with {m}", "do you accept {m}"], {"m": m1})
        a1, _ = method_answer(r, s, m1)
        second = noise(r, r.choice([f"and {m2}?", f"what about {m2}", f"and {m2.lower()}?", f"{m2} too?",
                                    f"ok and with {m2}?"]))
        reply, facts = method_answer(r, s, m2)
        topic = "payment"
    elif kind == "country":
        c1, c2 = r.sample(s.countries + s.not_countries[:2], 2)
        first = ask(r, ["do you ship to {c}", "can you deliver to {c}"], {"c": c1})
        a1, _ = country_answer(r, s, c1)
        second = noise(r, r.choice([f"and to {c2}?", f"what about {c2}", f"and {c2}?", f"{c2} as well?"]))
        reply, facts = country_answer(r, s, c2)
        topic = "shipping_countries"
    elif kind == "product":
        (p1, _), (p2, _) = r.sample(s.products, 2)
        first = ask(r, ["how much is the {p}", "what does the {p} cost"], {"p": p1})
        a1, _ = product_answer(r, s, p1)
        second = noise(r, r.choice([f"and the {p2}?", f"what about the {p2}", f"and {p2}?"]))
        reply, facts = product_answer(r, s, p2)
        topic = "products"
    elif kind == "saturday" and "saturday" in s.articles["opening_hours"].facts:
        first = ask(r, QUESTIONS["hours"], {})
        a1, _ = answer_for(r, s, "hours", first)
        second = noise(r, r.choice(["and on saturday?", "what about saturdays", "and weekends?", "saturday too?"]))
        reply, facts = answer_for(r, s, "saturday", second)
        topic = "opening_hours"
    else:
        first = ask(r, QUESTIONS["standard"], {})
        a1, _ = answer_for(r, s, "standard", first)
        second = noise(r, r.choice(["and express?", "is there anything faster?", "how much is express then",
                                    "can it be quicker?"]))
        reply, facts = answer_for(r, s, "express_price", second)
        topic = "delivery_times"
    return Example("followup", [("customer", first), ("agent", a1), ("customer", second)], reply, facts, topic)


def make_example(r: random.Random, split: str) -> dict:
    s = make_shop(r, split)
    # Each shop's help centre covers most topics; the ones left out make answerable-looking questions
    # unanswerable for this shop.
    present = [t for t in TOPICS if r.random() < 0.8]
    bot = r.choice(BOTS)
    persona = None if r.random() < 0.2 else r.choice(PERSONAS).replace("{bot}", bot).replace("{shop}", s.name)
    x = r.random()
    if x < 0.55:
        ex = one_question(r, s, present)
        if ex.covered_topic not in present:
            ex = Example("handover", ex.turns, r.choice(HANDOVER), [], None)
    elif x < 0.70:
        ex = uncovered_question(r, s)
    elif x < 0.82:
        ex = followup(r, s, present)
        if ex.covered_topic not in present:
            present.append(ex.covered_topic)
    elif x < 0.87:
        q = ask(r, OFFTOPIC, {})
        ex = Example("offtopic", [("customer", q)], OFFTOPIC_REPLY.replace("{shop}", s.name), [], None)
    elif x < 0.91:
        ex = Example("abuse", [("customer", noise(r, r.choice(ABUSE)))], r.choice(ABUSE_REPLY), [], None)
    else:
        key = r.choice(list(SMALLTALK))
        qs, rs = SMALLTALK[key]
        ex = Example("smalltalk", [("customer", noise(r, r.choice(qs)))],
                     r.choice(rs).replace("{bot}", bot).replace("{shop}", s.name), [], None)
    # Sometimes an earlier exchange comes first (greeting, or another answered question).
    if r.random() < 0.25 and ex.kind != "followup":
        g = noise(r, r.choice(SMALLTALK["greeting"][0]))
        ex.turns = [("customer", g), ("agent", r.choice(SMALLTALK["greeting"][1]))] + ex.turns
    articles = [s.articles[t] for t in present]
    newest = ex.turns[-1][1]
    context = " ".join(t for _, t in ex.turns[:-1][-2:])
    passages = rank_passages(articles, newest, context, r)
    # Retrieval found the needed article, or the reply is a hand-over: the prompt never asks the model to
    # answer from an article it does not have.
    if ex.covered_topic is not None and s.articles[ex.covered_topic] not in passages:
        needed = s.articles[ex.covered_topic]
        if r.random() < 0.5:
            passages = (passages[:2] + [needed]) if len(passages) >= 2 else passages + [needed]
            r.shuffle(passages)
        else:
            ex = Example("handover", ex.turns, r.choice(HANDOVER), [], None)
    for f in ex.facts:
        assert f in ex.reply, (f, ex.reply)
        if ex.kind in ("answer", "followup"):
            assert any(f in p.text for p in passages) or f in " ".join(t for _, t in ex.turns), (f, passages)
    return {
        "shop": s.name, "split": split, "kind": ex.kind, "persona": persona,
        "passages": [{"title": p.title, "text": p.text} for p in passages],
        "turns": [{"speaker": sp, "text": t} for sp, t in ex.turns],
        "reply": ex.reply, "facts": ex.facts,
    }


def make_shop_kb(r: random.Random, split: str) -> dict:
    """A whole help centre (for the evaluation and the demo): articles with their facts."""
    s = make_shop(r, split)
    return {
        "shop": s.name, "split": split, "countries": s.countries, "not_countries": s.not_countries,
        "methods": s.methods, "not_methods": s.not_methods, "products": s.products, "values": s.values,
        "articles": [{"topic": a.topic, "title": a.title, "body": a.text,
                      "facts": {k: v for k, (_, v) in a.facts.items()}} for a in s.articles.values()],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "out", "kb-corpus"))
    ap.add_argument("--train", type=int, default=60000)
    ap.add_argument("--heldout", type=int, default=1000)
    ap.add_argument("--eval-shops", type=int, default=12)
    ap.add_argument("--seed", type=int, default=1234)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    r = random.Random(args.seed)
    train = [make_example(r, "train") for _ in range(args.train)]
    held = [make_example(random.Random(args.seed + 1 + i), "eval") for i in range(args.heldout)]
    shops = [make_shop_kb(random.Random(args.seed + 100_000 + i), "eval") for i in range(args.eval_shops)]
    for name, rows in (("train", train), ("heldout", held)):
        with open(os.path.join(args.out, f"{name}.jsonl"), "w", encoding="utf-8") as f:
            for i, d in enumerate(rows):
                f.write(json.dumps({"id": f"{name}-{i:05d}", **d}, ensure_ascii=False) + "\n")
    with open(os.path.join(args.out, "eval-shops.json"), "w", encoding="utf-8") as f:
        json.dump(shops, f, ensure_ascii=False, indent=1)
    kinds: Dict[str, int] = {}
    for d in train:
        kinds[d["kind"]] = kinds.get(d["kind"], 0) + 1
    print(f"train {len(train)} examples {kinds}; heldout {len(held)}; eval shops {len(shops)}")


if __name__ == "__main__":
    main()
