/** Payment methods as customers name them (matched case-insensitively, as whole words). */
const PAYMENT_METHODS = [
  'visa',
  'mastercard',
  'master card',
  'amex',
  'american express',
  'paypal',
  'apple pay',
  'google pay',
  'klarna',
  'ideal',
  'sofort',
  'bank transfer',
  'credit card',
  'debit card',
  'cash on delivery',
];

/**
 * Words customers use for what help centres write otherwise, each adding the help centre's word to the query:
 * full-text search matches word stems only, so "send it back" would never find an article about returns, and
 * "delivered" (stem `deliv`) never one about "delivery" (`deliveri`). Small and general to customer support on
 * purpose; an added word counts like the customer's own (its rarity still decides how much).
 */
const EXPANSIONS: Array<[RegExp, string]> = [
  [/\bsen[dt](?:ing)?\s+(?:\w+\s+){0,2}back\b/i, 'return'],
  [/\b(?:money back|my money|reimburse\w*|chargeback)\b/i, 'refund'],
  [/\bhow much\b|\bprices?\b|\bfees?\b|\bexpensive\b/i, 'cost'],
  [/\bpostage\b/i, 'shipping cost'],
  [/\bdeliver(?:s|ed|ing)?\b/i, 'delivery'],
  [/\b(?:do|does|can|will) (?:you|u|they) take\b/i, 'accept'],
  [/\bUK\b/, 'united kingdom'],
  [/\bUSA?\b/, 'united states'],
  [/\b(?:paid|paying|pay)\b/i, 'payment'],
  [/\bpayments?\b/i, 'pay'],
  [/\b(?:coupon|promo|voucher)s?\b/i, 'discount code'],
  [/\b(?:log|sign)(?:ged)?\s*[io]n\b|\blogin\b|\blocked out\b/i, 'account password'],
  [/\b(?:when|what time)\b.*\b(?:open|close|closed|available|reach)\b|\bopening\b/i, 'hours'],
  [/\bwhere(?:'?s| is)\b.*\b(?:order|parcel|package)\b/i, 'tracking'],
  [/\b(?:parcel|package)s?\b/i, 'order'],
  // Who delivers: help centres name the carrier in their shipping articles.
  [
    /\b(?:couriers?|carriers?|(?:delivery|shipping|parcel|postal) (?:company|service|firm)|who (?:delivers|brings))\b/i,
    'ship carrier',
  ],
  [/\b(?:arriv(?:e|es|al|ing)|get here|reach me|receive it|recieve it|shipping time|delivery time)\b/i, 'delivery'],
  [/\b(?:faster|quicker|express|urgent(?:ly)?|next day|asap)\b/i, 'express delivery'],
  // "deliver to Malta", "living in Belarus": where the shop ships. A bare "and austria?" is left to the context.
  [/\b(?:[Dd]eliver|[Ss]hip|[Ss]end|[Pp]ost)\w*\s+(?:\w+\s+){0,2}?(?:to|in)\s+(?:the\s+)?[A-Z]/, 'ship countries'],
  [/\b(?:live|living|based|located|from)\s+in\b/i, 'ship countries'],
  [new RegExp(String.raw`\b(?:${PAYMENT_METHODS.join('|')})\b`, 'i'), 'payment accept'],
  [/\b(?:tele)?phone\b|\bcall (?:you|u)\b|\bhotline\b|\bnumber to call\b/i, 'phone call contact'],
  [/\be-?mail\b|\bmail ad+res+\b|\bwrite (?:to )?(?:you|u)\b/i, 'email contact'],
  [/\bprofile\b/i, 'account'],
  [/\bguarant(?:ee|y)\b|\bbroke(?:n)?\b|\bstopped working\b|\bdefect(?:ive)?\b/i, 'warranty'],
  [/\bgift ?cards?\b|\bvouchers?\b/i, 'gift card'],
  [/\bweekends?\b|\bsaturdays?\b|\bsundays?\b/i, 'saturday hours'],
  [
    /\b(?:till|until) (?:what|which) time\b|\bare (?:you|u) (?:open|there)\b|\bopening times\b|\bbusiness hours\b/i,
    'hours open',
  ],
  [/\b(?:give|bring|take) (?:\w+\s+){0,2}back\b/i, 'return'],
];

/** The query with the help centre's words for the customer's, each once and none it already has. */
export function expandQuery(text: string): string {
  const present = new Set(text.toLowerCase().split(/[^\p{L}\p{N}]+/u));
  const added: string[] = [];
  for (const [pattern, words] of EXPANSIONS) {
    if (pattern.test(text)) {
      for (const word of words.split(' ')) {
        if (!present.has(word)) {
          present.add(word);
          added.push(word);
        }
      }
    }
  }
  return added.length === 0 ? text : `${text} ${added.join(' ')}`;
}
