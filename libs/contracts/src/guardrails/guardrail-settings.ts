/**
 * A workspace's guardrails: checks on every bot reply as it streams, when to hand over for low
 * confidence, what to do with abusive customer input, and where personal data is masked. Zod-free, so
 * the admin app's forms check the same limits as the API (`guardrail-settings-api.dto.ts`).
 */
export interface GuardrailSettings {
  // --- Reply checks (run on the growing text; a reply that fails is replaced and handed over) ---
  /** The built-in list of abusive words and slurs (`DEFAULT_BLOCKED_TERMS` in the service). */
  useDefaultBlockedTerms: boolean;
  /** The workspace's own words or phrases (whole words, any case). */
  blockedTerms: string[];
  /** Things the bot may not say in the team's name (e.g. "refund has been issued", "legal advice"). */
  forbiddenPromises: string[];
  /** Links in replies may point only to these domains and their subdomains; empty: no links at all. */
  allowedLinkDomains: string[];
  /** A reply longer than this is stopped. */
  maxReplyCharacters: number;
  /** Stop replies that loop (the same word sequence repeated). */
  stopRepetition: boolean;
  /** What the visitor reads instead of a reply that failed a check; the conversation then waits for a person. */
  safeFallbackMessage: string;

  // --- Confidence-based handoff ---
  /** A reply whose mean token probability is below this hands over (0 turns it off). */
  minMeanTokenProbability: number;
  /** A reply with a token below this probability hands over (0 turns it off). */
  minTokenProbability: number;
  /** A customer who asks the same question again goes to a person. */
  handoffOnRepeatedQuestion: boolean;
  /** Two thumbs-down in a row on bot replies hand over. */
  handoffOnNegativeRatings: boolean;

  // --- Customer input ---
  /** Abusive customer messages get `abusiveInputReply` instead of a bot reply, and are flagged to agents. */
  flagAbusiveInput: boolean;
  abusiveInputReply: string;

  // --- Personal data (card numbers, IBANs, e-mails, phone numbers, typed passwords; logs are always masked) ---
  redactPiiInExports: boolean;
  redactPiiInWebhooks: boolean;
  /** false: stored messages keep the masked text only. */
  storeOriginalPii: boolean;
}

export interface GuardrailSettingsDto extends GuardrailSettings {
  updatedAt: string;
}

export const GUARDRAIL_LIMITS = {
  blockedTerms: { maxCount: 500, min: 1, max: 100 },
  forbiddenPromises: { maxCount: 100, min: 3, max: 200 },
  allowedLinkDomains: { maxCount: 100, min: 3, max: 253 },
  maxReplyCharacters: { min: 50, max: 8000 },
  safeFallbackMessage: { min: 1, max: 1000 },
  abusiveInputReply: { min: 1, max: 1000 },
  minMeanTokenProbability: { min: 0, max: 1 },
  minTokenProbability: { min: 0, max: 1 },
} as const;

/** An allowed link domain: a bare, lowercased domain name (`example.com`, `help.example.co.uk`). */
export const ALLOWED_LINK_DOMAIN_PATTERN = /^(?=.{3,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export const DEFAULT_GUARDRAIL_SETTINGS: GuardrailSettings = {
  useDefaultBlockedTerms: true,
  blockedTerms: [],
  forbiddenPromises: [
    'refund has been issued',
    'i have refunded',
    "i've refunded",
    'we will compensate',
    'legal advice',
    'medical advice',
    'guarantee',
  ],
  allowedLinkDomains: [],
  maxReplyCharacters: 1200,
  stopRepetition: true,
  safeFallbackMessage:
    "Sorry, I can't answer that one properly. I've asked a member of our team to take over; they will reply here.",
  // Tuned on the bundled model's 600 held-out dialogues with the default bot settings (`npm run
  // eval:confidence`): the best F1 at finding wrong replies among the rules that hand over at most 10% of
  // the right ones is the least-token check alone (precision 85%, recall 27%); see the README's "Guardrails".
  minMeanTokenProbability: 0,
  minTokenProbability: 0.125,
  handoffOnRepeatedQuestion: true,
  handoffOnNegativeRatings: true,
  flagAbusiveInput: true,
  abusiveInputReply:
    "I'm here to help, and I'd like to keep this conversation respectful. Could you tell me what went wrong?",
  redactPiiInExports: true,
  redactPiiInWebhooks: false,
  storeOriginalPii: true,
};

/** Which guardrail made a decision. */
export const GUARDRAIL_RULES = [
  /** A reply contained a blocked word or phrase. */
  'blocked_term',
  /** A reply made a promise the workspace forbids. */
  'forbidden_promise',
  /** A reply linked to a domain that is not allowed. */
  'link_domain',
  /** A reply looped (the same word sequence again and again). */
  'degenerate_text',
  /** A reply ran past the length limit. */
  'reply_length',
  /** A reply repeated the persona text. */
  'persona_leak',
  /**
   * A reply told the customer off (warned about their language, ended the chat) though the input guard found
   * nothing abusive in what they wrote: the bot only writes for messages it found clean.
   */
  'hostile_reply',
  /** The model's token probabilities fell under the workspace's threshold. */
  'low_confidence',
  /** The customer asked the same question again. */
  'repeated_question',
  /** Two thumbs-down in a row. */
  'negative_ratings',
  /** The customer's message was abusive. */
  'abusive_input',
  /** The customer's message tried to change the bot's instructions or forge a turn. */
  'prompt_injection',
] as const;
export type GuardrailRule = (typeof GUARDRAIL_RULES)[number];

/** What the guardrail did. */
export const GUARDRAIL_ACTIONS = [
  /** The reply was stopped, replaced by the safe fallback, and the conversation handed to a person. */
  'reply_replaced',
  /** The conversation was handed to a person (the reply, if any, stays). */
  'handed_over',
  /** Agents were warned; the conversation went on. */
  'flagged',
  /** The input was neutralised before it reached the model (forged turn markers, special tokens). */
  'neutralised',
] as const;
export type GuardrailAction = (typeof GUARDRAIL_ACTIONS)[number];

/** One guardrail decision, shown to agents in the transcript. */
export interface GuardrailDecisionDto {
  id: string;
  conversationId: string;
  rule: GuardrailRule;
  action: GuardrailAction;
  /** The bot reply it concerns (reply checks, confidence), else null. */
  replyId: string | null;
  /** The stored message it concerns (the fallback, the customer message), else null. */
  messageSeq: number | null;
  /** The text that fired the rule (at most 200 characters, personal data masked). */
  excerpt: string;
  /** A sentence for agents: what was found and what was done. */
  detail: string;
  createdAt: string;
}

/** `guardrail:decision` on `/agent`. */
export interface GuardrailDecisionEvent {
  decision: GuardrailDecisionDto;
}
