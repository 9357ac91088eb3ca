import type { ImportKnowledgeArticlesRequest } from '@neodesk/contracts';
import { parseMarkdownArticles } from '../knowledge-import.parser';

/**
 * The demo workspace's knowledge base: the help centre of Fernwood Outfitters, a fictional online shop for
 * outdoor clothing and gear. A Markdown bundle in the import format (`POST /api/v1/knowledge/import` with
 * `Content-Type: text/markdown`): documents separated by a line `---`, each titled by its `# ` heading.
 * Kept in a TypeScript module so the build ships it with the service.
 */
export const SAMPLE_KNOWLEDGE_BASE_MARKDOWN = `# Ordering and tracking your order

## Placing an order

Add items to your basket and choose **Checkout**. You can order as a guest or with a Fernwood account. As soon
as the payment is confirmed you receive an order confirmation by e-mail with your order number, which starts
with FW- followed by eight digits (for example FW-20481736).

## Tracking your order

We send a shipping confirmation with a tracking link as soon as your parcel leaves our warehouse in Leipzig,
usually within 1 working day of your order. You can also follow every order under **Account > My orders**.
Tracking can take up to 24 hours to show the first scan. If your tracking has not changed for 5 working
days, contact us and we will open an investigation with the carrier.

---

# Changing or cancelling an order

You can change the delivery address or cancel an order within **60 minutes** of placing it, under
**Account > My orders > Cancel order**, or by writing to us. After that the order is being packed and can no
longer be changed. You can still refuse the parcel or send it back free of charge once it arrives; see our
returns policy.

---

# Shipping countries and delivery times

## Where we ship

We ship to Germany, Austria, Switzerland, France, the Netherlands, Belgium, Luxembourg, Denmark, Sweden,
Italy and Spain. We do not ship to the United Kingdom, the United States, Canada or outside Europe yet.

## How long delivery takes

- Germany: 1 to 2 working days with DHL.
- Austria, the Netherlands, Belgium, Luxembourg and Denmark: 2 to 4 working days.
- Switzerland, France, Sweden, Italy and Spain: 3 to 6 working days.

Orders placed before 2 pm (Berlin time) on a working day leave our warehouse the same day. Express delivery
within Germany arrives the next working day when ordered before 12 noon.

---

# Shipping costs

Standard shipping costs 4.90 EUR in Germany and 7.90 EUR to every other country we ship to. Shipping is free
on orders over 60 EUR. Express delivery within Germany costs 9.90 EUR. Customs duties are never charged for
Switzerland: they are included in the price.

---

# Returns

Changed your mind? You can return (send back) any unused item within **30 days** of delivery. Returns from Germany and Austria are free:
print the prepaid return label from **Account > My orders > Return items**, pack the items in their original
packaging and drop the parcel at any DHL point. From other countries the return label costs 5.90 EUR, which
we deduct from your refund. Sale items marked "final sale", opened camping food and gift cards cannot be
returned. Exchanges are not possible: return the item and place a new order.

---

# Refunds

We refund your return within **5 working days** of it arriving at our warehouse, always to the payment method
you used for the order. You receive an e-mail when the refund is issued. Card and PayPal refunds then take 3
to 5 working days to appear on your statement; Klarna updates your invoice or instalment plan the same day.
Orders paid with a gift card are refunded as a new gift card. Original shipping costs are refunded when you
return the whole order.

---

# Payment methods

We accept Visa, Mastercard and American Express cards, PayPal, Apple Pay, Google Pay and Klarna (pay in 30
days, or in 3 interest-free instalments on orders over 100 EUR). You can also pay with a Fernwood gift card,
alone or together with another payment method. We do not accept cash on delivery, cheques or bank transfers.
Your card is charged when the order is placed. All payments are processed securely by Adyen; we never store
your card number.

---

# Customer support opening hours

Our customer support team answers chat, e-mail and phone from **Monday to Friday, 8 am to 8 pm**, and on
**Saturday from 9 am to 2 pm** (Berlin time). We are closed on Sundays and on German public holidays. Our
phone number is +49 341 555 0199 and our e-mail address is help@fernwood.example. The chat assistant answers
common questions at any time and hands you over to a person during opening hours.

---

# Your account and password

You can create a Fernwood account at checkout or under **Sign in > Create account**. To reset your password,
choose **Forgot password?** on the sign-in page and enter your e-mail address: we send a reset link that is
valid for 30 minutes. If the e-mail does not arrive within 10 minutes, check your spam folder. To change your
e-mail address or delete your account, go to **Account > Settings**; a deleted account cannot be restored.

---

# Gift cards

Fernwood gift cards are available from 10 EUR to 500 EUR, as an e-mail gift card delivered instantly or as a
printed card sent by post for 2.50 EUR. A gift card is valid for **3 years** from the date of purchase and can
be used for several orders until the balance is spent. Enter the 16-digit code at checkout. You can check
the balance under **Account > Gift cards**. Gift cards cannot be exchanged for cash.

---

# Discount codes

Enter a discount code in the **Discount code** field of your basket. Only one discount code can be used per
order, and codes cannot be combined with sale prices or used to buy gift cards. New newsletter subscribers
get a code for 10% off their first order. If a code does not work, check its expiry date and minimum order
value, or contact us.
`;

/** The sample's articles as an import request (published, no tags). */
export function sampleKnowledgeArticles(): ImportKnowledgeArticlesRequest {
  return { articles: parseMarkdownArticles(SAMPLE_KNOWLEDGE_BASE_MARKDOWN) as Array<{ title: string; body: string }> };
}
