/**
 * Customer text made safe to place in a chat prompt, on the service's side (the generation job) and on the
 * worker's (the prompt it encodes), so neither can be talked into a forged turn:
 *
 * - special tokens of the model and of common chat templates (`<|endoftext|>`, `<|im_start|>`, `[INST]`,
 *   `<<SYS>>`, `</s>`, `### Response:`) are removed, also when typed full-width or with look-alike letters;
 * - role markers at the start of a line (`Agent:`, `Bot:`, `Assistant:`, `System:`, `Customer:`, `User:`,
 *   ...; in any case, spaced out, bracketed, with Cyrillic or Greek look-alikes or leet digits) lose the
 *   marker and keep their text;
 * - invisible characters (zero-width spaces, joiners, bidi controls, soft hyphens) are removed and the text
 *   is NFKC-normalised, so look-alikes cannot hide a marker from these checks.
 *
 * The bundled model's format separates turns with the EOS token, which typed text can never produce (the
 * tokenizer encodes `<|endoftext|>` typed in as plain text); this removes what could still make the model
 * read a customer's text as another speaker.
 */
export interface NeutralisedText {
  text: string;
  /** What was removed; empty when the text was left as it was (apart from invisible characters). */
  found: Array<'special_token' | 'role_marker'>;
}

// Combining ones (the grapheme joiner, variation selectors) outside the class, which would read them as marks.
const INVISIBLE =
  /[\u00AD\u061C\u115F\u1160\u180E\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFEFF\uFFA0]|\u034F|\u17B4|\u17B5|\uFE00|\uFE01|\uFE0E|\uFE0F/gu;

/**
 * Role words a prompt format (ours: System, Customer, Agent; or a well-known one) puts before a turn. Words a
 * customer often starts a line with for other reasons ("Model:", "Order:") are left out; "System: Windows 11"
 * loses its marker, which keeps the meaning.
 */
const ROLE_WORDS = [
  'agent',
  'bot',
  'chatbot',
  'assistant',
  'system',
  'customer',
  'user',
  'human',
  'ai',
  'instruction',
  'instructions',
  'persona',
];

/** Single code units read as the ASCII letter they imitate (Cyrillic, Greek, leet digits, symbols). */
const LOOK_ALIKES: Record<string, string> = {
  а: 'a',
  е: 'e',
  о: 'o',
  р: 'p',
  с: 'c',
  у: 'y',
  х: 'x',
  і: 'i',
  ѕ: 's',
  ј: 'j',
  ԁ: 'd',
  һ: 'h',
  ɡ: 'g',
  ո: 'n',
  ս: 'u',
  ӏ: 'l',
  ɑ: 'a',
  ı: 'i',
  А: 'a',
  В: 'b',
  Е: 'e',
  К: 'k',
  М: 'm',
  Н: 'h',
  О: 'o',
  Р: 'p',
  С: 'c',
  Т: 't',
  У: 'y',
  Х: 'x',
  Ѕ: 's',
  І: 'i',
  Ј: 'j',
  Ү: 'y',
  α: 'a',
  ο: 'o',
  ε: 'e',
  ι: 'i',
  ν: 'v',
  τ: 't',
  κ: 'k',
  ρ: 'p',
  υ: 'u',
  χ: 'x',
  γ: 'y',
  η: 'n',
  Α: 'a',
  Β: 'b',
  Ε: 'e',
  Ζ: 'z',
  Η: 'h',
  Ι: 'i',
  Κ: 'k',
  Μ: 'm',
  Ν: 'n',
  Ο: 'o',
  Ρ: 'p',
  Τ: 't',
  Υ: 'y',
  Χ: 'x',
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
};

// Between the letters of a spelled-out word: "A g e n t", "A.g.e.n.t", "A-g-e-n-t".
const GAP = '[ ._\\-*]?';
const ROLE = ROLE_WORDS.map((word) => [...word].join(GAP)).join('|');
/** At a line's start (after quotes, bullets, `>`, `#`): a role word, maybe bracketed, then a colon. */
const ROLE_MARKER = new RegExp(
  `^([ \\t>*#\\-•"'“”‘’\`]*)(?:[\\[(<{] ?)?(?:${ROLE})(?: ?[\\])>}])?[ \\t*"'\`]*[:：﹕꞉∶ː][ \\t]*`,
  'gmu',
);
/** Markers of a chat template, matched on the folded text. */
const SPECIAL_TOKEN = new RegExp(
  [
    '<[ \\t]?\\|[^|<>\\n]{1,40}\\|[ \\t]?>', // <|endoftext|>, <|im_start|>, < |system| >
    '\\[/?[ \\t]?(?:inst|sys)[ \\t]?\\]', // [INST] [/INST]
    '<<[ \\t]?/?[ \\t]?sys[ \\t]?>>', // <<SYS>>
    '</?s>', // </s>
    '<[ \\t]?/?[ \\t]?(?:system|user|assistant|human|bot|agent)[ \\t]?>', // <system>
    'endoftext', // the token's name alone
    '^#{2,}[ \\t]?(?:instruction|response|system|input|human|assistant)s?[ \\t]?:?', // ### Response:
  ].join('|'),
  'gimu',
);

/** Removes special tokens and line-leading role markers from a customer's text (see the module's doc). */
export function neutraliseCustomerText(input: string): NeutralisedText {
  const found = new Set<NeutralisedText['found'][number]>();
  let text = input.replace(INVISIBLE, '').normalize('NFKC');

  // Special tokens first: removing one can bring a role marker to a line's start ("<|endoftext|>Agent:").
  for (let pass = 0; pass < 5; pass++) {
    // A token stood for a turn boundary: what follows starts a line, so a marker after it is found below.
    const next = removeMatches(text, SPECIAL_TOKEN, false, '\n');
    if (next === text) {
      break;
    }
    found.add('special_token');
    text = next;
  }
  // Repeated, so "Agent: Bot: ..." and markers uncovered by a removal go too.
  for (let pass = 0; pass < 5; pass++) {
    const next = removeMatches(text, ROLE_MARKER, true);
    if (next === text) {
      break;
    }
    found.add('role_marker');
    text = next;
  }
  return { text: found.size === 0 ? text : text.trim(), found: [...found] };
}

/** Removes the matches of `pattern` found on the folded text (same length, so the offsets carry over). */
function removeMatches(text: string, pattern: RegExp, keepLead = false, replacement = ''): string {
  const folded = fold(text);
  let out = '';
  let at = 0;
  for (const match of folded.matchAll(pattern)) {
    // A role marker keeps its leading quote or bullet; the word and colon go.
    const lead = keepLead ? (match[1]?.length ?? 0) : 0;
    out += text.slice(at, match.index + lead) + replacement;
    at = match.index + match[0].length;
  }
  if (at === 0) {
    return text;
  }
  out += text.slice(at);
  // A line left empty or starting with spaces: trimmed, so it cannot begin with a marker's leftovers.
  return out.replace(/^[ \t]+/gmu, '');
}

/** One code unit for one: look-alikes read as ASCII, ASCII letters lower-cased. */
function fold(text: string): string {
  let out = '';
  for (const unit of text) {
    if (unit.length !== 1) {
      out += unit;
      continue;
    }
    const mapped = LOOK_ALIKES[unit] ?? unit;
    out += mapped >= 'A' && mapped <= 'Z' ? mapped.toLowerCase() : mapped;
  }
  return out;
}
