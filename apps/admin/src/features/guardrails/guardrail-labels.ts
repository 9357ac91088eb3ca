import type { GuardrailAction, GuardrailRule } from '@neodesk/contracts';

/** How agents read each rule: "Reply check: forbidden promise". */
export const RULE_LABELS: Record<GuardrailRule, { kind: string; name: string }> = {
  blocked_term: { kind: 'Reply check', name: 'blocked term' },
  forbidden_promise: { kind: 'Reply check', name: 'forbidden promise' },
  link_domain: { kind: 'Reply check', name: 'link not allowed' },
  degenerate_text: { kind: 'Reply check', name: 'looping reply' },
  reply_length: { kind: 'Reply check', name: 'reply too long' },
  persona_leak: { kind: 'Reply check', name: 'persona repeated' },
  hostile_reply: { kind: 'Reply check', name: 'customer told off' },
  low_confidence: { kind: 'Confidence', name: 'low confidence' },
  repeated_question: { kind: 'Customer', name: 'repeated question' },
  negative_ratings: { kind: 'Customer', name: 'two thumbs-down' },
  abusive_input: { kind: 'Customer input', name: 'abusive message' },
  prompt_injection: { kind: 'Customer input', name: 'instruction attack' },
};

/** What was done, as the notice ends: "reply replaced, handed to a person". */
export const ACTION_LABELS: Record<GuardrailAction, string> = {
  reply_replaced: 'reply replaced, handed to a person',
  handed_over: 'handed to a person',
  flagged: 'flagged for the team',
  neutralised: 'neutralised before the bot read it',
};
