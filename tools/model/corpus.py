"""Generate Neodesk's customer-support dialogue corpus (train + held-out), deterministically.

Customer wording is composed from many independent parts (greetings, intent phrasings,
context, urgency, politeness, casing and punctuation noise, slot values), so two dialogues
rarely share an opening. Agent wording is consistent per intent on purpose: a support bot
should answer the same question the same way, and eval.py recognises the intent of a reply
by the markers in INTENT_MARKERS.

    /usr/bin/python3 tools/model/corpus.py --out tools/model/out/corpus
"""

import argparse
import json
import os
import random
from typing import Callable, Dict, List, Optional, Tuple

Turn = Tuple[str, str]

# ---------------------------------------------------------------- slot values
FIRST_NAMES = ["Anna", "Ben", "Carla", "David", "Emma", "Farid", "Grace", "Hugo", "Ines", "Jonas", "Kemal",
               "Lena", "Marco", "Nadia", "Oscar", "Priya", "Quentin", "Rosa", "Sam", "Tara", "Umar", "Vera",
               "Wei", "Yusuf", "Zoe", "Liam", "Mia", "Noah", "Olga", "Pablo"]
LAST_NAMES = ["Schmidt", "Garcia", "Okafor", "Nguyen", "Rossi", "Kowalski", "Smith", "Jensen", "Haddad",
              "Silva", "Murphy", "Tanaka", "Dubois", "Novak", "Weber", "Ali", "Brown", "Moreau"]
PRODUCTS = {
    "Aero blender": ("a 1.5 litre jug and six speed settings", "two years", "is dishwasher safe"),
    "Trail jacket": ("a waterproof shell with taped seams", "one year", "is machine washable at 30 degrees"),
    "Nimbus pillow": ("memory foam with a removable cover", "three years", "has a washable cover"),
    "Volt power bank": ("20,000 mAh and USB-C fast charging", "two years", "is allowed in hand luggage"),
    "Orbit desk lamp": ("three colour temperatures and a dimmer", "two years", "charges over a standard USB-C cable"),
    "Pebble speaker": ("a 12-hour battery and IPX7 water resistance", "one year", "pairs over Bluetooth 5.3"),
    "Summit backpack": ("28 litres with a padded laptop sleeve", "five years", "is carry-on size"),
    "Breeze fan": ("a quiet night mode and a timer", "two years", "works with a remote"),
    "Luna coffee grinder": ("40 grind settings and a steel burr", "two years", "grinds fine enough for espresso"),
    "Flex yoga mat": ("6 mm of non-slip natural rubber", "one year", "comes with a carry strap"),
    "Echo kettle": ("a 1.7 litre capacity and keep-warm mode", "two years", "has a limescale filter"),
    "Cedar cutting board": ("solid oak, 40 by 30 cm", "one year", "should be oiled monthly"),
    "Drift sneakers": ("a recycled knit upper, sizes 36 to 47", "six months", "runs true to size"),
    "Polar water bottle": ("750 ml and double walls that keep drinks cold all day", "lifetime", "is not dishwasher safe"),
    "Halo smart bulb": ("16 million colours and app control", "two years", "fits an E27 socket"),
}
PRODUCT_NAMES = list(PRODUCTS)
PLANS = ["Basic", "Plus", "Pro", "Team", "Business"]
CITIES = ["Berlin", "Lyon", "Porto", "Leeds", "Austin", "Toronto", "Dublin", "Milan", "Krakow", "Utrecht",
          "Malmo", "Graz", "Seville", "Denver", "Cork"]
STREETS = ["Maple Street", "Station Road", "Lindenallee", "Rue Victor Hugo", "Harbour Lane", "Oak Avenue",
           "Mill Road", "Kingsway", "Parkstraat", "Via Roma", "Elm Close", "Bridge Street"]
CARRIERS = ["DHL", "UPS", "DPD", "GLS", "FedEx", "the postal service"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
CODES = ["SPRING10", "WELCOME15", "SAVE20", "FREESHIP", "VIP25", "SUMMER5", "BACK2SCHOOL", "FRIENDS10"]


def order_id(r: random.Random) -> str:
    style = r.random()
    if style < 0.5:
        return f"NX-{r.randint(10000, 99999)}"
    if style < 0.8:
        return f"#{r.randint(100000, 999999)}"
    return str(r.randint(1000000, 9999999))


def email(r: random.Random) -> str:
    f, l = r.choice(FIRST_NAMES).lower(), r.choice(LAST_NAMES).lower()
    sep = r.choice([".", "_", "", "."])
    dom = r.choice(["gmail.com", "outlook.com", "mail.de", "proton.me", "yahoo.com", "web.de", "icloud.com"])
    return f"{f}{sep}{l}{r.choice(['', '', str(r.randint(1, 99))])}@{dom}"


def amount(r: random.Random) -> str:
    cur = r.choice(["€", "$", "£", "EUR ", "USD "])
    return f"{cur}{r.randint(9, 400)}.{r.choice(['00', '99', '49', '50', '95'])}"


def date(r: random.Random) -> str:
    return f"{r.randint(1, 28)} {r.choice(MONTHS)}"


def address(r: random.Random) -> str:
    return f"{r.randint(1, 180)} {r.choice(STREETS)}, {r.choice(CITIES)}"


# ---------------------------------------------------------------- customer wording helpers
GREETINGS = ["hi", "hello", "hey", "hi there", "hello there", "good morning", "good afternoon", "good evening",
             "hey there", "hiya", "greetings", "hallo", "morning", "yo", "dear support", "hi team", "hello support"]
POLITE_END = ["", "", "", " please", " thanks", " thank you", " thx", ", thanks in advance", ", cheers",
              " asap please", ", appreciate it", " 🙏", " :)", " any help appreciated"]


def pick(r: random.Random, options: List[str]) -> str:
    return r.choice(options)


def fill(r: random.Random, text: str, slots: Dict[str, str]) -> str:
    for k, v in slots.items():
        text = text.replace("{" + k + "}", v)
    return text


def noise(r: random.Random, text: str) -> str:
    """Casing, punctuation and spacing habits of real chat users."""
    x = r.random()
    if x < 0.25:
        text = text.lower()
    elif x < 0.3:
        text = text.upper() if len(text) < 60 else text
    elif x < 0.75 and text:
        text = text[0].upper() + text[1:]
    y = r.random()
    if y < 0.3:
        text = text.rstrip(".?! ")
    elif y < 0.38:
        text = text.rstrip(".?! ") + r.choice(["??", "!!", "...", " ?", "?!"])
    if r.random() < 0.05:
        text = text.replace(" ", "  ", 1)
    if r.random() < 0.08:
        words = text.split(" ")
        i = r.randrange(len(words))
        w = words[i]
        if len(w) > 4 and w.isalpha():
            j = r.randrange(1, len(w) - 2)
            words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2:]  # swap two letters
            text = " ".join(words)
    return text


def opener(r: random.Random, cores: List[str], slots: Dict[str, str], contexts: List[str]) -> str:
    core = fill(r, pick(r, cores), slots)
    parts: List[str] = []
    if r.random() < 0.45:
        g = pick(r, GREETINGS)
        parts.append(g + pick(r, [",", "!", "", " -", "."]))
    parts.append(core)
    if contexts and r.random() < 0.45:
        parts.append(fill(r, pick(r, contexts), slots))
    text = " ".join(p for p in parts if p)
    text = text + pick(r, POLITE_END)
    return noise(r, text)


# ---------------------------------------------------------------- intents
# Every first agent reply of an intent contains its marker, and no other intent's first reply
# does; corpus generation asserts this, eval.py relies on it.
INTENT_MARKERS: Dict[str, str] = {
    "order_status": "order status",
    "delivery_delay": "delay",
    "damaged_item": "damaged",
    "return_request": "return",
    "refund_status": "refund",
    "double_charge": "duplicate",
    "invoice": "invoice",
    "subscription_cancel": "cancel",
    "plan_change": "plan",
    "password_reset": "reset",
    "locked_account": "lock",
    "address_change": "address",
    "product_question": "product page",
    "opening_hours": "hours",
    "discount_code": "code",
    "complaint_escalation": "human",
    "greeting": "how can i help",
    "thanks_goodbye": "welcome",
    "out_of_scope": "only help with",
    "abuse": "respectful",
}


class Ctx:
    def __init__(self, r: random.Random):
        self.r = r
        self.order = order_id(r)
        self.email = email(r)
        self.product = r.choice(PRODUCT_NAMES)
        self.plan = r.choice(PLANS)
        self.plan2 = r.choice([p for p in PLANS if p != self.plan])
        self.amount = amount(r)
        self.date = date(r)
        self.day = r.choice(DAYS)
        self.carrier = r.choice(CARRIERS)
        self.address = address(r)
        self.code = r.choice(CODES)
        self.name = r.choice(FIRST_NAMES)
        self.ticket = f"T-{r.randint(1000, 9999)}"

    @property
    def slots(self) -> Dict[str, str]:
        return {
            "order": self.order, "email": self.email, "product": self.product, "plan": self.plan,
            "plan2": self.plan2, "amount": self.amount, "date": self.date, "day": self.day,
            "carrier": self.carrier, "address": self.address, "code": self.code, "name": self.name,
            "ticket": self.ticket, "days": str(self.r.randint(2, 21)),
        }

    def say(self, options: List[str]) -> str:
        return fill(self.r, self.r.choice(options), self.slots)


def give_order(c: Ctx) -> str:
    return noise(c.r, c.say(["it's {order}", "{order}", "order number {order}", "sure, {order}",
                             "the number is {order}", "{order} I think", "here you go: {order}",
                             "ok it's {order}", "my order is {order}", "{order}, placed on {date}"]))


def give_email(c: Ctx) -> str:
    return noise(c.r, c.say(["{email}", "it's {email}", "my email is {email}", "sure: {email}",
                             "I signed up with {email}", "{email} is the one on the account",
                             "the account email is {email}"]))


def closing(c: Ctx) -> List[Turn]:
    r = c.r
    if r.random() < 0.55:
        return [("customer", noise(r, c.say(THANKS_CORES))), ("agent", c.say(THANKS_REPLIES))]
    return []


THANKS_CORES = ["thanks", "thank you", "thanks a lot", "great, thank you", "perfect, thanks", "that's all, thanks",
                "ok thanks bye", "cheers", "thank you so much for your help", "awesome, have a nice day",
                "that helps, thanks", "brilliant, thanks {name}", "ok great. bye", "thx", "many thanks",
                "nothing else, thank you", "you've been very helpful", "that's everything, goodbye",
                "super, merci", "much appreciated, bye"]
THANKS_REPLIES = ["You're welcome! Have a great day.", "You're very welcome. Take care!",
                  "You're welcome! If anything else comes up, just write to us here.",
                  "You're welcome, happy to help. Goodbye!"]


def d_order_status(c: Ctx) -> List[Turn]:
    cores = ["where is my order", "where is my order {order}", "can you tell me the status of my order",
             "what's the status of order {order}", "I'd like to track my package", "has my order shipped yet",
             "when will my order arrive", "any update on my order", "I want to know where my parcel is",
             "could you check on my order for me", "is my {product} on its way", "did my order ship",
             "how do I track my order", "what's happening with my order {order}", "I ordered a {product}, where is it",
             "can I get a tracking number", "status of my purchase please", "wondering when my stuff ships",
             "i placed an order on {date}, has it been sent", "tracking info for {order}?"]
    ctx = ["I ordered it on {date}.", "It's a gift.", "I haven't had an email yet.", "Just checking.",
           "I need it by {day}.", "The app shows nothing."]
    turns: List[Turn] = [("customer", opener(c.r, cores, c.slots, ctx))]
    turns.append(("agent", c.say(["I can check the order status for you. Could you send me your order number?",
                                  "Happy to look up the order status. What is your order number?",
                                  "Let me check your order status. Please share the order number from your confirmation email."])))
    turns.append(("customer", give_order(c)))
    turns.append(("agent", c.say([
        "Thanks! Order {order} shipped on {date} with {carrier} and should arrive within {days} days. You'll get a tracking link by email.",
        "Order {order} is packed and leaves our warehouse today. {carrier} usually delivers within {days} days.",
        "Order {order} is out for delivery with {carrier} today. The tracking link is in your shipping email."])))
    return turns + closing(c)


def d_delivery_delay(c: Ctx) -> List[Turn]:
    cores = ["my package is late", "my order still hasn't arrived", "the delivery is {days} days late",
             "it was supposed to arrive on {day} and it's not here", "why is my delivery taking so long",
             "my parcel is stuck in transit", "tracking hasn't updated in a week", "{carrier} says delayed, what now",
             "order {order} should have been here by now", "still waiting for my {product}",
             "the expected delivery date passed", "where is my parcel, it's overdue", "delivery keeps getting pushed back",
             "it's been {days} days and nothing arrived", "my package seems lost"]
    ctx = ["This is really frustrating.", "I needed it for a birthday.", "I paid for express shipping.",
           "Nobody came to the door.", "I've been home all day."]
    turns: List[Turn] = [("customer", opener(c.r, cores, c.slots, ctx))]
    turns.append(("agent", c.say(["I'm sorry about the delay. Could you give me your order number so I can check with the carrier?",
                                  "Sorry for the delay with your delivery. What's the order number? I'll look into it right away.",
                                  "I apologise for the delay. Please send me your order number and I'll contact the carrier."])))
    turns.append(("customer", give_order(c)))
    turns.append(("agent", c.say([
        "Thank you. {carrier} reports a backlog in your area; order {order} should arrive within {days} days. If it hasn't arrived by then, we'll send a replacement for free.",
        "I've checked order {order}: it's held at the {carrier} depot and will be delivered within {days} days. I've also refunded your shipping cost.",
        "Order {order} was delayed at the sorting centre. {carrier} expects to deliver it on {day}. I'll keep an eye on it for you."])))
    return turns + closing(c)


def d_damaged_item(c: Ctx) -> List[Turn]:
    cores = ["my {product} arrived broken", "the item I received is damaged", "the box was crushed and the {product} is cracked",
             "my order came damaged", "the {product} doesn't work out of the box", "it arrived with a big scratch",
             "one part is missing and the rest is broken", "the glass was shattered when I opened the parcel",
             "received a defective {product}", "the {product} is dented", "the packaging was torn and the item is ruined",
             "what do I do with a broken item", "it's damaged, I want a new one", "my {product} stopped working after one day"]
    ctx = ["I have photos.", "Really disappointed.", "It was a present.", "I only opened it today.", "Order {order}."]
    turns: List[Turn] = [("customer", opener(c.r, cores, c.slots, ctx))]
    turns.append(("agent", c.say(["I'm sorry your item arrived damaged. Could you send me the order number and a photo of the damage?",
                                  "Sorry to hear it's damaged. Please share your order number and, if you can, a photo of the item.",
                                  "That's not how it should arrive, sorry about the damaged item. What's your order number?"])))
    turns.append(("customer", give_order(c) + c.r.choice(["", " photo attached", ". I'll upload a picture", ", pic sent"])))
    turns.append(("agent", c.say([
        "Thank you. I've arranged a free replacement for order {order}; it ships within 2 days. You don't need to send the broken one back.",
        "Thanks for the details. A replacement {product} is on its way for order {order}, and a prepaid label for the broken one is in your inbox.",
        "I've logged the damage for order {order}. You can choose a replacement or a full refund: which would you prefer?"])))
    return turns + closing(c)


def d_return_request(c: Ctx) -> List[Turn]:
    cores = ["I want to return my {product}", "how do I send something back", "can I return an item",
             "I'd like to return order {order}", "the {product} doesn't fit, can I return it", "what's your return policy",
             "I changed my mind about the {product}", "how many days do I have to return stuff",
             "can I exchange this for a different size", "I need a return label", "i don't like it, want to send it back",
             "is it possible to return an opened item", "return request for {order}", "how do returns work"]
    ctx = ["It's unused.", "Still in the original box.", "I bought it on {date}.", "It was the wrong colour."]
    turns: List[Turn] = [("customer", opener(c.r, cores, c.slots, ctx))]
    turns.append(("agent", c.say(["You can return any item within 30 days. Could you give me your order number so I can create a return label?",
                                  "Sure, returns are free within 30 days. What's the order number?",
                                  "I can help with your return. Please send me the order number and I'll email you a prepaid label."])))
    turns.append(("customer", give_order(c)))
    turns.append(("agent", c.say([
        "Done: a prepaid label for order {order} is on its way to your email. Drop the parcel at any {carrier} point within 14 days.",
        "I've opened a return for order {order}. Print the label from your email, pack the item and hand it to {carrier}.",
        "Return created for order {order}. Once the item reaches our warehouse, you'll get your money back within 5 business days."])))
    return turns + closing(c)


def d_refund_status(c: Ctx) -> List[Turn]:
    cores = ["where is my refund", "I haven't received my refund yet", "when will I get my money back",
             "I returned the {product} {days} days ago and no refund", "status of my refund please",
             "you promised a refund, still nothing", "how long do refunds take", "has my refund been processed",
             "my refund for {order} hasn't shown up", "still waiting on {amount} back", "did you refund me yet",
             "the money isn't back on my card"]
    ctx = ["The tracking says you received it.", "It's been ages.", "I sent it back on {date}.", "I need that money."]
    turns: List[Turn] = [("customer", opener(c.r, cores, c.slots, ctx))]
    turns.append(("agent", c.say(["Let me check your refund. Could you send me the order number?",
                                  "I can look into the refund for you. What's the order number?",
                                  "Sorry for the wait on your refund. Please share the order number and I'll check it."])))
    turns.append(("customer", give_order(c)))
    turns.append(("agent", c.say([
        "Thanks. The refund of {amount} for order {order} was issued on {date}. Banks take 3 to 5 business days to show it.",
        "I can see the return for order {order} arrived. I've just released the refund of {amount}; it will appear within 5 business days.",
        "The refund of {amount} for order {order} went back to your original payment method on {date}."])))
    return turns + closing(c)


def d_double_charge(c: Ctx) -> List[Turn]:
    cores = ["I was charged twice", "you billed me two times for the same order", "there are two payments of {amount} on my card",
             "double charge on my credit card", "why did you take the money twice", "I see a duplicate payment",
             "my bank shows {amount} twice", "charged double for order {order}", "i got billed twice this month",
             "the payment went through two times"]
    ctx = ["Please fix this quickly.", "I only ordered once.", "This is the second time this happens."]
    turns: List[Turn] = [("customer", opener(c.r, cores, c.slots, ctx))]
    turns.append(("agent", c.say(["Sorry about the duplicate charge. Could you give me the email on your account?",
                                  "I'm sorry, a duplicate payment shouldn't happen. What's the email on your account?",
                                  "Let me check that duplicate charge for you. Please send me the account email."])))
    turns.append(("customer", give_email(c)))
    turns.append(("agent", c.say([
        "Thanks. I found the second payment of {amount} and cancelled it. It will disappear from your statement within 3 to 5 business days.",
        "You're right, {amount} was taken twice. I've reversed the extra payment; your bank will show it within a few days.",
        "I see two charges of {amount}. The second one was only a pending authorisation and will drop off automatically within 5 days."])))
    return turns + closing(c)


def d_invoice(c: Ctx) -> List[Turn]:
    cores = ["I need an invoice for my order", "can you send me a receipt", "where can I download my invoice",
             "I need a VAT invoice for {order}", "please send an invoice with my company name",
             "I didn't get a receipt", "can I get a copy of my bill", "invoice for last month please",
             "how do I get an invoice for my subscription", "need the invoice for expenses"]
    ctx = ["It's for my employer.", "My accountant needs it.", "For tax purposes."]
    turns: List[Turn] = [("customer", opener(c.r, cores, c.slots, ctx))]
    turns.append(("agent", c.say(["I can send you the invoice. What's the order number or the email on your account?",
                                  "Sure, I'll get your invoice. Could you share the order number?",
                                  "Invoices are under Account > Orders, but I can email it too. What's the order number?"])))
    turns.append(("customer", give_order(c)))
    turns.append(("agent", c.say([
        "Done: the invoice for order {order} is on its way to your email as a PDF.",
        "I've emailed you the invoice for order {order}. If you need a company name or VAT number on it, just tell me.",
        "The invoice for order {order} has been sent. You can also download it any time under Account > Orders."])))
    return turns + closing(c)


def d_subscription_cancel(c: Ctx) -> List[Turn]:
    cores = ["I want to cancel my subscription", "how do I cancel", "please cancel my membership",
             "stop my subscription", "i'd like to end my {plan} subscription", "cancel my account renewal",
             "I don't want to be charged again, cancel it", "how can I unsubscribe from the monthly plan",
             "terminate my subscription please", "I'm leaving, cancel everything"]
    ctx = ["It's too expensive.", "I don't use it anymore.", "Before the next renewal.", "I'm moving abroad."]
    turns: List[Turn] = [("customer", opener(c.r, cores, c.slots, ctx))]
    turns.append(("agent", c.say(["I can cancel that for you. Could you confirm the email on your account?",
                                  "Sorry to see you go. To cancel, please send me the email on the account.",
                                  "I'll help you cancel. What email did you sign up with?"])))
    turns.append(("customer", give_email(c)))
    turns.append(("agent", c.say([
        "Your subscription is cancelled. You keep access until the end of the current period and won't be charged again.",
        "Done: the subscription for {email} will not renew. You'll get a confirmation email in a few minutes.",
        "Cancelled. Your access continues until {date}, and no further payments will be taken."])))
    return turns + closing(c)


def d_plan_change(c: Ctx) -> List[Turn]:
    cores = ["I want to upgrade to {plan2}", "can I switch from {plan} to {plan2}", "how do I change my plan",
             "downgrade me to {plan2} please", "what's the difference between {plan} and {plan2}",
             "I'd like a cheaper plan", "can I move to the yearly plan", "upgrade my account",
             "is there a plan with more users", "change my subscription tier to {plan2}"]
    ctx = ["Our team is growing.", "We need fewer seats now.", "Budget is tight this year."]
    turns: List[Turn] = [("customer", opener(c.r, cores, c.slots, ctx))]
    turns.append(("agent", c.say(["I can change your plan. Which plan would you like, and what's the email on the account?",
                                  "Happy to help you switch plans. Please confirm the account email and the plan you want.",
                                  "Sure, plan changes take effect right away. What's your account email?"])))
    turns.append(("customer", noise(c.r, c.say(["{plan2}, and my email is {email}", "{email}, move me to {plan2}",
                                                   "the {plan2} plan. email: {email}", "{email}"]))))
    turns.append(("agent", c.say([
        "Done: {email} is now on {plan2}. The price difference is prorated on your next bill.",
        "Your account has been moved to {plan2}. You'll see the new features right away.",
        "Switched to {plan2}. The change applies from today and your next invoice reflects it."])))
    return turns + closing(c)


def d_password_reset(c: Ctx) -> List[Turn]:
    cores = ["I forgot my password", "how do I reset my password", "password reset link doesn't work",
             "can't remember my login password", "I never got the reset email", "need to change my password",
             "how can I get a new password", "my password isn't accepted", "reset my pw please",
             "i can't log in, forgot the password"]
    ctx = ["I checked spam.", "On the app.", "I tried three times."]
    turns: List[Turn] = [("customer", opener(c.r, cores, c.slots, ctx))]
    turns.append(("agent", c.say(["I can send you a password reset link. What's the email on your account?",
                                  "No problem, let's reset it. Which email do you log in with?",
                                  "I'll trigger a new reset email. Please confirm your account email."])))
    turns.append(("customer", give_email(c)))
    turns.append(("agent", c.say([
        "I've sent a reset link to {email}. It's valid for 30 minutes; check your spam folder if you don't see it.",
        "A new reset link is on its way to {email}. Open it on the same device and choose a new password.",
        "Done. Use the link sent to {email} within 30 minutes to set a new password."])))
    return turns + closing(c)


def d_locked_account(c: Ctx) -> List[Turn]:
    cores = ["my account is locked", "I've been locked out", "it says too many login attempts",
             "my account got blocked", "can you unlock my account", "I can't get into my account, it says suspended",
             "locked out after entering the wrong code", "account disabled, why", "login blocked for security reasons",
             "help, my profile is frozen"]
    ctx = ["I need to place an order today.", "I didn't do anything wrong.", "Since yesterday."]
    turns: List[Turn] = [("customer", opener(c.r, cores, c.slots, ctx))]
    turns.append(("agent", c.say(["Accounts lock after several failed logins to keep them safe. Could you confirm your account email so I can unlock it?",
                                  "I can unlock your account. What email do you use to sign in?",
                                  "Sorry you're locked out. Please send me your account email and I'll verify it."])))
    turns.append(("customer", give_email(c)))
    turns.append(("agent", c.say([
        "Thanks. I've sent a verification email to {email}; once you click it, the account is unlocked.",
        "Your account {email} is unlocked. If you don't remember your password, use 'Forgot password' on the login page.",
        "Verified and unlocked. You can log in with {email} again right now."])))
    return turns + closing(c)


def d_address_change(c: Ctx) -> List[Turn]:
    cores = ["I need to change my delivery address", "can I update the shipping address on {order}",
             "I moved, please change my address", "wrong address on my order", "ship it to my office instead",
             "how do I edit my address", "I typed the wrong street", "can you send it to a different address",
             "update my billing address", "change the address to {address}"]
    ctx = ["The order hasn't shipped yet I hope.", "I just placed it.", "Before it ships please."]
    turns: List[Turn] = [("customer", opener(c.r, cores, c.slots, ctx))]
    turns.append(("agent", c.say(["I can update the address if the order hasn't shipped. What's the order number and the new address?",
                                  "Sure, please send me the order number and the correct address.",
                                  "Let me change the address for you. Which order is it, and what's the new address?"])))
    turns.append(("customer", noise(c.r, c.say(["{order}, new address is {address}", "order {order}. {address}",
                                                   "{address} for order {order}", "{order} - {address}"]))))
    turns.append(("agent", c.say([
        "Done: order {order} will now go to {address}.",
        "I've updated the delivery address of order {order} to {address}. You'll get a confirmation email.",
        "Order {order} has already been handed to {carrier}, so I've asked them to redirect it to {address}."])))
    return turns + closing(c)


def d_product_question(c: Ctx) -> List[Turn]:
    cores = ["does the {product} have a warranty", "tell me more about the {product}", "what are the specs of the {product}",
             "is the {product} any good", "how big is the {product}", "can you wash the {product}",
             "is the {product} in stock", "what's included with the {product}", "does the {product} come in other colours",
             "I have a question about the {product}", "how long is the warranty on the {product}",
             "which is better, the {product} or something else"]
    ctx = ["Thinking of buying one.", "It's for my partner.", "I saw it on your website."]
    turns: List[Turn] = [("customer", opener(c.r, cores, c.slots, ctx))]
    spec, warranty, care = PRODUCTS[c.product]
    turns.append(("agent", c.say([
        f"The {{product}} has {spec} and a {warranty} warranty. It {care}. Full details are on the product page.",
        f"Good question! The {{product}} comes with {spec}, {care}, and has a {warranty} warranty. See the product page for more.",
        f"The {{product}} offers {spec}. The warranty is {warranty}, and it {care}. The product page lists everything."])))
    if c.r.random() < 0.5:
        turns.append(("customer", noise(c.r, c.say(["is it in stock?", "can I get it by {day}?", "great, is it on sale?",
                                                       "does it ship to {address}?"]))))
        turns.append(("agent", c.say(["Yes, it's in stock and ships within 1 to 2 business days.",
                                      "It's in stock; orders placed before 2 pm ship the same day."])))
    return turns + closing(c)


def d_opening_hours(c: Ctx) -> List[Turn]:
    cores = ["what are your opening hours", "when are you open", "are you open on {day}", "what time does support close",
             "is the shop open on sunday", "when can I call you", "are you available on weekends",
             "what are the hours of your customer service", "till what time can I reach someone",
             "holiday opening times?"]
    turns: List[Turn] = [("customer", opener(c.r, cores, c.slots, []))]
    turns.append(("agent", c.say([
        "Our support hours are Monday to Friday, 8 am to 8 pm, and Saturday 9 am to 5 pm. This chat is always open.",
        "We're reachable Monday to Friday 8:00 to 20:00 and Saturday 9:00 to 17:00. Outside those hours, leave a message here and we'll reply.",
        "Support hours: weekdays 8 am to 8 pm, Saturdays 9 am to 5 pm, closed on Sundays and public holidays."])))
    return turns + closing(c)


def d_discount_code(c: Ctx) -> List[Turn]:
    cores = ["my discount code doesn't work", "the promo code {code} is invalid", "do you have any discount codes",
             "how do I use a coupon", "the voucher isn't applied at checkout", "is there a code for first orders",
             "I forgot to enter my coupon, can you apply it", "{code} says expired", "any sales coming up",
             "can I combine two codes"]
    ctx = ["I got it in your newsletter.", "At checkout.", "Order {order}."]
    turns: List[Turn] = [("customer", opener(c.r, cores, c.slots, ctx))]
    turns.append(("agent", c.say([
        "Codes go in the 'Discount code' box at checkout, one per order. Which code are you trying, and what's in your basket?",
        "Let me check that code. Could you tell me the code and the order number, if you already ordered?",
        "New customers get 10% off with the code HELLO10. If another code isn't working, tell me which one."])))
    turns.append(("customer", noise(c.r, c.say(["{code}", "it's {code}", "{code}, order {order}", "the code {code}"]))))
    turns.append(("agent", c.say([
        "{code} has a minimum basket of 50. I've applied it manually for you this time.",
        "{code} expired on {date}, but I've added a 10% voucher to your account instead.",
        "I've refunded the {code} discount to your original payment method; it shows up within 5 days."])))
    return turns + closing(c)


def d_complaint_escalation(c: Ctx) -> List[Turn]:
    cores = ["I want to speak to a human", "get me a real person", "I want to make a complaint",
             "let me talk to your manager", "this is unacceptable, I want to file a complaint",
             "I'm very unhappy with your service", "can I talk to an actual agent", "transfer me to a supervisor",
             "stop the bot, I need a person", "your service has been terrible and I want someone to call me",
             "escalate this please", "I've contacted you 4 times and nobody helps"]
    ctx = ["I've waited long enough.", "Order {order}.", "This is my last attempt."]
    turns: List[Turn] = [("customer", opener(c.r, cores, c.slots, ctx))]
    turns.append(("agent", c.say([
        "I'm sorry about your experience. I'm handing this conversation to a human colleague now; they'll join this chat shortly.",
        "I understand. I've asked a human agent to take over; please stay in this chat, someone will reply in a few minutes.",
        "I'm sorry it has come to this. I've escalated your case to a human supervisor, ticket {ticket}. They'll join here soon."])))
    if c.r.random() < 0.5:
        turns.append(("customer", noise(c.r, c.say(["ok", "how long will that take?", "fine", "thanks, I'll wait"]))))
        turns.append(("agent", c.say(["A colleague will be with you in a few minutes. Your case number is {ticket}."])))
    return turns


def d_greeting(c: Ctx) -> List[Turn]:
    cores = ["hi", "hello", "hey", "good morning", "hi there", "hello?", "is anyone there", "hey, quick question",
             "hello, I need some help", "good afternoon", "hiya", "heyyy", "hi, can you help me",
             "hello there", "anybody here?", "greetings"]
    turns: List[Turn] = [("customer", noise(c.r, c.say(cores)))]
    turns.append(("agent", c.say(["Hello! How can I help you today?", "Hi there, how can I help?",
                                  "Hello, this is Neodesk support. How can I help you?"])))
    follow = c.r.choice([d_order_status, d_delivery_delay, d_return_request, d_refund_status, d_password_reset,
                         d_invoice, d_product_question, d_subscription_cancel, d_damaged_item])
    return turns + follow(c)


def d_thanks_goodbye(c: Ctx) -> List[Turn]:
    turns: List[Turn] = [("customer", noise(c.r, c.say(THANKS_CORES)))]
    turns.append(("agent", c.say(THANKS_REPLIES)))
    return turns


def d_out_of_scope(c: Ctx) -> List[Turn]:
    cores = ["what's the weather tomorrow", "can you write my homework essay", "who won the football game",
             "tell me a joke", "what's the capital of Australia", "can you recommend a good movie",
             "what is the meaning of life", "help me with my tax return", "how do I bake bread",
             "can you book me a flight to {day}", "what's bitcoin trading at", "write me a poem about cats",
             "do you know a good restaurant in town", "how tall is the eiffel tower", "translate this into spanish"]
    turns: List[Turn] = [("customer", opener(c.r, cores, c.slots, []))]
    turns.append(("agent", c.say([
        "Sorry, I can only help with questions about your orders, your account and our products.",
        "That's outside what I can do here: I can only help with orders, deliveries, billing and your account.",
        "I'm the Neodesk support assistant, so I can only help with shopping and account questions. Is there anything like that I can do?"])))
    return turns + closing(c)


def d_abuse(c: Ctx) -> List[Turn]:
    cores = ["you are useless", "this is a stupid bot", "you idiots lost my package", "shut up and fix it",
             "worst company ever, you are all clowns", "are you brain dead", "what a pathetic excuse for support",
             "you people are morons", "stupid machine", "go to hell"]
    turns: List[Turn] = [("customer", noise(c.r, c.say(cores)))]
    turns.append(("agent", c.say([
        "I want to help, but please keep the conversation respectful. What can I do for you?",
        "I understand you're frustrated. Please keep it respectful and tell me what went wrong, and I'll do my best.",
        "Let's keep this respectful, please. Tell me what happened and I'll try to sort it out."])))
    if c.r.random() < 0.4:
        turns.append(("customer", noise(c.r, c.say(cores))))
        turns.append(("agent", "I'm ending this chat now because of the language used. You're welcome to contact us again at any time."))
    return turns


DIALOGUES: Dict[str, Callable[[Ctx], List[Turn]]] = {
    "order_status": d_order_status, "delivery_delay": d_delivery_delay, "damaged_item": d_damaged_item,
    "return_request": d_return_request, "refund_status": d_refund_status, "double_charge": d_double_charge,
    "invoice": d_invoice, "subscription_cancel": d_subscription_cancel, "plan_change": d_plan_change,
    "password_reset": d_password_reset, "locked_account": d_locked_account, "address_change": d_address_change,
    "product_question": d_product_question, "opening_hours": d_opening_hours, "discount_code": d_discount_code,
    "complaint_escalation": d_complaint_escalation, "greeting": d_greeting, "thanks_goodbye": d_thanks_goodbye,
    "out_of_scope": d_out_of_scope, "abuse": d_abuse,
}


def classify_reply(text: str) -> Optional[str]:
    """The intent whose marker the reply contains, or None if none or several do."""
    low = text.lower()
    hits = [i for i, m in INTENT_MARKERS.items() if m in low]
    return hits[0] if len(hits) == 1 else None


def make_dialogue(r: random.Random, intent: str) -> List[Turn]:
    c = Ctx(r)
    turns = DIALOGUES[intent](c)
    # Some conversations carry on with a second request before the goodbye.
    if intent not in ("thanks_goodbye", "abuse", "complaint_escalation", "greeting") and r.random() < 0.2:
        if turns[-1][1] in THANKS_REPLIES:
            turns = turns[:-2]
        second = r.choice(["order_status", "invoice", "opening_hours", "product_question", "password_reset", "discount_code"])
        if second != intent:
            extra = DIALOGUES[second](Ctx(r))
            link = r.choice(["also, ", "one more thing: ", "and ", "oh and ", "another question, ", ""])
            extra[0] = ("customer", link + extra[0][1])
            turns += extra
    return turns


def generate(seed: int, n: int) -> List[dict]:
    r = random.Random(seed)
    intents = list(DIALOGUES)
    out = []
    for i in range(n):
        intent = intents[i % len(intents)]
        turns = make_dialogue(r, intent)
        got = classify_reply(turns[1][1])
        if got != intent:
            raise AssertionError(f"first reply of {intent} classifies as {got}: {turns[1][1]!r}")
        out.append({"intent": intent, "turns": [{"speaker": s, "text": t} for s, t in turns]})
    r.shuffle(out)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "out", "corpus"))
    ap.add_argument("--train", type=int, default=4400)
    ap.add_argument("--heldout", type=int, default=600)
    ap.add_argument("--seed", type=int, default=1234)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    train = generate(args.seed, args.train)
    # Held-out dialogues come from another seed, and any whose opening occurs verbatim in
    # train is dropped, so eval measures wording the model has not seen.
    seen = {d["turns"][0]["text"].lower() for d in train}
    heldout = [d for d in generate(args.seed + 1, args.heldout * 2) if d["turns"][0]["text"].lower() not in seen]
    heldout = heldout[: args.heldout]
    for name, rows in (("train", train), ("heldout", heldout)):
        with open(os.path.join(args.out, f"{name}.jsonl"), "w", encoding="utf-8") as f:
            for i, d in enumerate(rows):
                f.write(json.dumps({"id": f"{name}-{i:05d}", **d}, ensure_ascii=False) + "\n")
    openings = {d["turns"][0]["text"].lower() for d in train}
    print(f"train {len(train)} dialogues ({len(openings)} distinct openings), heldout {len(heldout)}, "
          f"intents {len(DIALOGUES)}, turns/dialogue {sum(len(d['turns']) for d in train) / len(train):.1f}")


if __name__ == "__main__":
    main()
