/**
 * Whether a finished bot reply says the bot has no answer and a person will help: the bundled model is
 * trained to say so when no article covers the question ("I'm sorry, I don't have information about that.
 * I'll get a person from our team to help you."), and the conversation then goes to a person (`no_answer`).
 *
 * Four kinds of sentence count, each an offer or an admission in the bot's own voice, so that a factual
 * answer about the team ("Our team answers emails within 24 hours") does not:
 * - fetching a person: "I'll get a person", "let me find a colleague for you", "I will bring in a specialist";
 * - passing the chat on: "I'll connect you with a colleague", "let me hand you over to our team",
 *   "I'm handing this conversation to a human colleague", "I've escalated your case to a supervisor",
 *   "I've asked a human agent to take over";
 * - not knowing: "I don't have information about that", "I have no details on this", "I couldn't find an
 *   answer to that";
 * - a person coming: "a colleague will help you", "someone from our team will be with you shortly".
 * A sentence that asks ("Would you like me to connect you with a colleague?") is an offer, not a handover.
 */
export function saysNoAnswer(reply: string): boolean {
  // A question only offers a person ("Shall I get a colleague for you?"): the customer answers it first.
  const statements = (reply.match(/[^.!?…]+[.!?…]*/g) ?? []).filter((sentence) => !sentence.trimEnd().endsWith('?'));
  return statements.some((sentence) => {
    const text = normalize(sentence);
    return NO_ANSWER_PATTERNS.some((pattern) => pattern.test(text));
  });
}

const SELF = String.raw`(?:i'll|i will|i'm going to|i am going to|i'm gonna|let me|i can|i'd like to|i would like to|we'll|we will|i'm|i am)`;
const PEOPLE = String.raw`(?:person|people|human|colleague|colleagues|teammate|agent|agents|specialist|staff|team member|member of (?:our|the|my) team|someone|somebody|representative|advisor|adviser|supervisor|manager)`;
const PEOPLE_OR_TEAM = String.raw`(?:${PEOPLE}|team|support|support team|customer service)`;
const FILLER = String.raw`(?:\s+(?:now|quickly|just|right away|straight away))?`;

const NO_ANSWER_PATTERNS: readonly RegExp[] = [
  // I'll get a person (from our team) / let me find a colleague.
  new RegExp(
    String.raw`\b${SELF}${FILLER}\s+(?:get|getting|fetch|fetching|find|finding|bring|bringing|call|calling|ask|asking|grab)(?:\s+in)?(?:\s+you)?\s+(?:\S+\s+){0,3}?${PEOPLE}\b`,
  ),
  // I'll connect you with a colleague / hand you over to our team / pass your question on to someone.
  new RegExp(
    String.raw`\b(?:connect(?:ing|ed)?|transfer(?:ring|red)?|hand(?:ing|ed)?|pass(?:ing|ed)?|put(?:ting)?|forward(?:ing|ed)?|refer(?:ring|red)?|escalat(?:e|ing|ed))\s+(?:you|it|(?:this|your) (?:question|request|case|chat|conversation|message)|this)(?:\s+(?:over|through|on))?\s+(?:to|with)\s+(?:\S+\s+){0,3}?${PEOPLE_OR_TEAM}\b`,
  ),
  // I don't have information about that / I have no details on this / I couldn't find an answer.
  new RegExp(
    String.raw`\b(?:i|we)\s+(?:don't|do not|dont|didn't|did not|have no|haven't got|have not got|can't find|cannot find|couldn't find|could not find)(?:\s+have)?(?:\s+(?:any|an|the|enough|more))?\s+(?:information|info|details|answer|knowledge|data)\b`,
  ),
  // I've asked a human agent to take over.
  new RegExp(
    String.raw`\b(?:i've|i have|i'll|i will|let me)\s+(?:asked|ask)\s+(?:\S+\s+){0,3}?${PEOPLE}\s+to\s+(?:take over|join|help|look into|call)\b`,
  ),
  // A colleague will help you / someone from our team will be with you.
  new RegExp(
    String.raw`\b(?:a|an|one of (?:our|my) |some)?\s*${PEOPLE}(?:\s+from\s+(?:our|the|my)\s+team)?\s+will\s+(?:help|assist|take over|be with you|join|look into|get back to you|contact you|reply)\b`,
  ),
];

/** Lower case, typographic apostrophes straightened, punctuation except apostrophes as spaces. */
function normalize(text: string): string {
  return text
    .toLocaleLowerCase('en')
    .replace(/[’‘`´]/g, "'")
    .replace(/[^\p{L}\p{N}']+/gu, ' ')
    .trim();
}
