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
];

/** The query with the help centre's words for the customer's (nothing added when none applies). */
export function expandQuery(text: string): string {
  const added = EXPANSIONS.filter(([pattern]) => pattern.test(text)).map(([, words]) => words);
  return added.length === 0 ? text : `${text} ${added.join(' ')}`;
}
