import type { GuardrailRule, GuardrailSettings } from '@neodesk/contracts';
import { DEFAULT_BLOCKED_TERMS } from '../text/default-blocked-terms';
import { type PhraseMatch, PhraseMatcher } from '../text/phrase-matcher';
import { type TextWord, splitWords } from '../text/text-words';
import { findLinkHosts, isAllowedHost, normalizeAllowedDomain } from './link-hosts';
import { findLoop } from './repetition';

/** The rules a reply is checked against while it streams. */
export type ReplyCheckRule = Extract<
  GuardrailRule,
  | 'blocked_term'
  | 'forbidden_promise'
  | 'link_domain'
  | 'degenerate_text'
  | 'reply_length'
  | 'persona_leak'
  | 'hostile_reply'
>;

/** A list of phrases a reply must not contain, and how a match is reported. */
interface PhraseRule {
  matcher: PhraseMatcher;
  rule: ReplyCheckRule;
  detail(match: PhraseMatch): string;
}

/** Why a reply was stopped: the rule, the text that fired it, and a sentence for agents. */
export interface ReplyViolation {
  rule: ReplyCheckRule;
  excerpt: string;
  detail: string;
}

export interface GuardStep {
  /** Text the visitor may see now (appended to what was released before); '' when nothing new. */
  released: string;
  /** Set once a rule fails; from then on nothing more is released. */
  violation: ReplyViolation | null;
}

export type ReplyGuardSettings = Pick<
  GuardrailSettings,
  | 'useDefaultBlockedTerms'
  | 'blockedTerms'
  | 'forbiddenPromises'
  | 'allowedLinkDomains'
  | 'maxReplyCharacters'
  | 'stopRepetition'
  | 'flagAbusiveInput'
>;

/**
 * What a reply to a customer who wrote nothing abusive must never say: a warning about their language or
 * the end of the chat. With `flagAbusiveInput` on, the input guard answers abusive messages itself (the calm
 * reply) and the bot only writes for the others, so these words from the model are always a misfire (the
 * bundled model wrote them to "Do you ship to Canada?").
 */
export const HOSTILE_REPLY_PHRASES = [
  'keep it respectful',
  'keep this respectful',
  'keep things respectful',
  'keep the conversation respectful',
  'keep this conversation respectful',
  'keep the chat respectful',
  // The bundled model garbles its warning at times ("Sorry about the conversation respectful.").
  'conversation respectful',
  'because of the language',
  'language used',
  'watch your language',
  'mind your language',
  'ending this chat',
  'end this chat',
  'ending the chat',
  'ending this conversation',
  'end this conversation',
  'closing this chat',
  'close this chat',
];

/** A reply that repeats this many consecutive words of the persona leaks it. */
export const PERSONA_LEAK_WORDS = 8;
/** Excerpts show the reply from the offending text on, this long at most. */
const EXCERPT_CHARACTERS = 120;

/**
 * Checks a bot reply on the growing text, as the worker streams it, and says how much of it the visitor may
 * see. Text that could still be the start of a violation is held back — the few tokens held back for the
 * check: the unfinished last word (a word, link or domain is judged once it ends) and, when the last words
 * could begin a blocked term, a forbidden promise or a run of the persona, those words (at most the longest
 * phrase's word count, and 7 words of persona). Everything before them is released at once. So the visitor
 * never sees any part of a blocked term, a forbidden promise, a disallowed link or a persona run; a loop is
 * caught when its third repetition ends (the first two were ordinary text), a long reply at the limit.
 *
 * Pure: no I/O, one instance per reply attempt.
 */
export class ReplyGuard {
  /** The phrase lists a reply must not contain, each with the rule it breaks. */
  private readonly phraseRules: readonly PhraseRule[];
  private readonly allowedDomains: string[];
  private readonly persona: PersonaIndex | null;
  private buffer = '';
  private releasedLength = 0;
  /** The words of the released text (final: the released text ends at a word boundary), kept between pushes. */
  private settled: TextWord[] = [];
  private violation: ReplyViolation | null = null;

  constructor(
    private readonly settings: ReplyGuardSettings,
    persona: string | null,
  ) {
    this.phraseRules = [
      {
        matcher: new PhraseMatcher([
          ...(settings.useDefaultBlockedTerms ? DEFAULT_BLOCKED_TERMS : []),
          ...settings.blockedTerms,
        ]),
        rule: 'blocked_term',
        detail: (m) => `The reply used the blocked term "${m.phrase}" ("${m.text}").`,
      },
      {
        matcher: new PhraseMatcher(settings.forbiddenPromises),
        rule: 'forbidden_promise',
        detail: (m) => `The reply made a promise the bot may not make: "${m.phrase}".`,
      },
      {
        matcher: new PhraseMatcher(settings.flagAbusiveInput ? HOSTILE_REPLY_PHRASES : []),
        rule: 'hostile_reply',
        detail: (m) => `The reply told off a customer whose message held nothing abusive ("${m.phrase}").`,
      },
    ];
    this.allowedDomains = settings.allowedLinkDomains.map(normalizeAllowedDomain).filter((d) => d.length > 0);
    this.persona = persona === null ? null : PersonaIndex.of(persona);
  }

  /** The text released to the visitor so far. */
  get released(): string {
    return this.buffer.slice(0, this.releasedLength);
  }

  /** All the text pushed so far. */
  get text(): string {
    return this.buffer;
  }

  /** Whether a rule failed. */
  get stopped(): boolean {
    return this.violation !== null;
  }

  /** Takes the next piece of the reply; returns what can be released now, or the violation. */
  push(delta: string): GuardStep {
    if (this.violation !== null) {
      return { released: '', violation: this.violation };
    }
    this.buffer += delta;
    return this.evaluate(true);
  }

  /** The reply ended: checks the whole of it and releases the rest (or reports the violation). */
  finish(): GuardStep {
    if (this.violation !== null) {
      return { released: '', violation: this.violation };
    }
    return this.evaluate(false);
  }

  // Released text never holds the start of a phrase, link or persona run (that is what release means), so
  // those checks only read the text from the released point on (the window): a long reply costs little.
  private evaluate(growing: boolean): GuardStep {
    const window = this.releasedLength;
    const fresh = shift(splitWords(this.buffer.slice(window)), window);
    const words = this.settled.concat(fresh);
    this.violation = this.check(words, fresh, growing);
    if (this.violation !== null) {
      return { released: '', violation: this.violation };
    }
    const safe = growing ? this.safeLength(fresh) : this.buffer.length;
    this.releasedLength = Math.max(this.releasedLength, safe);
    this.settled.push(...fresh.filter((word) => word.end <= this.releasedLength && word.end < this.buffer.length));
    return { released: this.buffer.slice(window, this.releasedLength), violation: null };
  }

  private check(words: TextWord[], fresh: TextWord[], growing: boolean): ReplyViolation | null {
    const text = this.buffer;
    const window = this.releasedLength;
    if (text.length > this.settings.maxReplyCharacters && [...text].length > this.settings.maxReplyCharacters) {
      const cut = [...text].slice(0, this.settings.maxReplyCharacters).join('').length;
      return {
        rule: 'reply_length',
        excerpt: `…${text.slice(Math.max(0, cut - 80), cut)}`,
        detail: `The reply ran past the limit of ${this.settings.maxReplyCharacters} characters.`,
      };
    }
    // The earliest phrase of any list (on a tie, the list named first).
    const first = this.phraseRules
      .map((each) => ({ each, match: shiftMatch(each.matcher.find(text.slice(window), { growing }), window) }))
      .filter((found): found is { each: PhraseRule; match: PhraseMatch } => found.match !== null)
      .sort((a, b) => a.match.start - b.match.start)[0];
    if (first !== undefined) {
      return {
        rule: first.each.rule,
        excerpt: excerptFrom(text, first.match.start),
        detail: first.each.detail(first.match),
      };
    }
    // From the start of the space-separated chunk the window begins in: a link is read whole.
    const linksFrom = /\S*$/u.exec(text.slice(0, window))?.index ?? window;
    const linksTo = growing ? this.completeLength() : text.length;
    for (const found of findLinkHosts(text.slice(linksFrom, Math.max(linksFrom, linksTo)))) {
      const link = { ...found, start: found.start + linksFrom };
      if (!isAllowedHost(link.host, this.allowedDomains)) {
        return {
          rule: 'link_domain',
          excerpt: excerptFrom(text, link.start),
          detail:
            this.allowedDomains.length === 0
              ? `The reply linked to ${link.host}; links are not allowed in replies.`
              : `The reply linked to ${link.host}, which is not one of the allowed domains (${this.allowedDomains.join(', ')}).`,
        };
      }
    }
    const complete =
      growing && words.length > 0 && words[words.length - 1].end === text.length ? words.slice(0, -1) : words;
    if (this.settings.stopRepetition) {
      const loop = findLoop(text, complete, growing);
      if (loop !== null) {
        return {
          rule: 'degenerate_text',
          excerpt: excerptFrom(text, loop.start),
          detail: `The reply looped: ${loop.description}.`,
        };
      }
    }
    const leak = this.persona?.findLeak(complete.slice(words.length - fresh.length)) ?? null;
    if (leak !== null) {
      return {
        rule: 'persona_leak',
        excerpt: excerptFrom(text, leak.start),
        detail: `The reply repeated ${leak.words} consecutive words of the bot's persona (its instructions).`,
      };
    }
    return null;
  }

  /** How much of the growing text cannot turn into a violation any more. */
  private safeLength(fresh: TextWord[]): number {
    const window = this.releasedLength;
    const tail = this.buffer.slice(window);
    let safe = this.completeLength();
    for (const { matcher } of this.phraseRules) {
      safe = Math.min(safe, window + matcher.pendingFrom(tail));
    }
    if (this.persona !== null) {
      const lastOpen = fresh.length > 0 && fresh[fresh.length - 1].end === this.buffer.length;
      safe = Math.min(safe, this.persona.pendingFrom(lastOpen ? fresh.slice(0, -1) : fresh, this.buffer.length));
    }
    return safe;
  }

  /** The text up to its unfinished last word (a run of non-space characters that may still grow). */
  private completeLength(): number {
    const match = /\S+$/u.exec(this.buffer);
    return match === null ? this.buffer.length : match.index;
  }
}

function shift(words: TextWord[], by: number): TextWord[] {
  return by === 0 ? words : words.map((word) => ({ ...word, start: word.start + by, end: word.end + by }));
}

function shiftMatch(match: PhraseMatch | null, by: number): PhraseMatch | null {
  return match === null ? null : { ...match, start: match.start + by, end: match.end + by };
}

function excerptFrom(text: string, start: number): string {
  const chars = [...text.slice(start)];
  return chars.length > EXCERPT_CHARACTERS ? `${chars.slice(0, EXCERPT_CHARACTERS).join('')}…` : chars.join('');
}

/** Every run of up to PERSONA_LEAK_WORDS consecutive persona words, for finding leaks and their beginnings. */
class PersonaIndex {
  private constructor(
    /** Runs of 1..PERSONA_LEAK_WORDS-1 words (may begin a leak) joined by spaces. */
    private readonly beginnings: Set<string>,
    /** Runs of exactly PERSONA_LEAK_WORDS words. */
    private readonly leaks: Set<string>,
  ) {}

  static of(persona: string): PersonaIndex | null {
    const words = splitWords(persona).map((w) => w.norm);
    if (words.length < PERSONA_LEAK_WORDS) {
      return null;
    }
    const beginnings = new Set<string>();
    const leaks = new Set<string>();
    for (let i = 0; i < words.length; i++) {
      for (let n = 1; n <= PERSONA_LEAK_WORDS && i + n <= words.length; n++) {
        (n === PERSONA_LEAK_WORDS ? leaks : beginnings).add(words.slice(i, i + n).join(' '));
      }
    }
    return new PersonaIndex(beginnings, leaks);
  }

  findLeak(words: TextWord[]): { start: number; words: number } | null {
    for (let i = 0; i + PERSONA_LEAK_WORDS <= words.length; i++) {
      const run = words.slice(i, i + PERSONA_LEAK_WORDS).map((w) => w.norm);
      if (this.leaks.has(run.join(' '))) {
        let n = PERSONA_LEAK_WORDS;
        while (
          i + n < words.length &&
          this.leaks.has(
            words
              .slice(i + n - PERSONA_LEAK_WORDS + 1, i + n + 1)
              .map((w) => w.norm)
              .join(' '),
          )
        ) {
          n++;
        }
        return { start: words[i].start, words: n };
      }
    }
    return null;
  }

  /** Where the last complete words that could still become a leak begin (`end` when none could). */
  pendingFrom(complete: TextWord[], end: number): number {
    const tail = complete.slice(-(PERSONA_LEAK_WORDS - 1));
    for (let i = 0; i < tail.length; i++) {
      if (
        this.beginnings.has(
          tail
            .slice(i)
            .map((w) => w.norm)
            .join(' '),
        )
      ) {
        return tail[i].start;
      }
    }
    return end;
  }
}
