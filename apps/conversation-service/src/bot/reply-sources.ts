import type { MessageSourceDto } from '@neodesk/contracts';

/** A passage a reply job carried, with the article it came from. */
export interface PassedPassage {
  articleId: string;
  title: string;
  text: string;
}

/**
 * The articles a finished reply drew on, best-ranked first, each once: those of the passed passages that
 * share content with the reply. A passage shares content when the reply and the passage (its title and text)
 * have a run of three content words in common (stop words left out, case ignored), or a number or amount
 * ("30", "4.99", "9:00"), or a proper noun the reply writes capitalised mid-sentence ("Canada", "PayPal",
 * "DHL") and the passage too. Words of the persona do not count as proper nouns (the shop's own name is in
 * many articles). A reply that hands over (`no_answer`) has no sources: the caller does not ask.
 */
export function replySources(
  reply: string,
  passages: readonly PassedPassage[],
  persona: string | null = null,
): MessageSourceDto[] {
  const replyGrams = contentTrigrams(reply);
  const replyNumbers = numbersOf(reply);
  const personaWords = new Set(words(persona ?? '').map((word) => word.toLocaleLowerCase('en')));
  const replyNames = properNouns(reply).filter((name) => !personaWords.has(name.toLocaleLowerCase('en')));
  if (replyGrams.size === 0 && replyNumbers.size === 0 && replyNames.length === 0) {
    return [];
  }
  const sources: MessageSourceDto[] = [];
  for (const passage of passages) {
    if (sources.some((source) => source.articleId === passage.articleId)) {
      continue;
    }
    const text = `${passage.title}. ${passage.text}`;
    const shares =
      [...contentTrigrams(text)].some((gram) => replyGrams.has(gram)) ||
      [...numbersOf(text)].some((number) => replyNumbers.has(number)) ||
      hasAnyWord(text, replyNames);
    if (shares) {
      sources.push({ articleId: passage.articleId, title: passage.title });
    }
  }
  return sources;
}

/** Words: letters and digits, with inner apostrophes ("don't"). */
function words(text: string): string[] {
  return text.match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu) ?? [];
}

function contentTrigrams(text: string): Set<string> {
  const content = words(text)
    .map((word) => word.toLocaleLowerCase('en').replace(/’/g, "'"))
    .filter((word) => word.length > 1 && !STOP_WORDS.has(word));
  const grams = new Set<string>();
  for (let i = 0; i + 2 < content.length; i++) {
    grams.add(`${content[i]} ${content[i + 1]} ${content[i + 2]}`);
  }
  return grams;
}

/** Numbers and amounts as written, separators kept ("4.99", "9:00"), a trailing separator dropped. */
function numbersOf(text: string): Set<string> {
  return new Set(text.match(/\d+(?:[.,:]\d+)*/g) ?? []);
}

/** Capitalised words that do not start a sentence (those could be any word), stop words left out. */
function properNouns(text: string): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(/[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu)) {
    const word = match[0];
    if (word.length < 2 || !/^\p{Lu}/u.test(word) || STOP_WORDS.has(word.toLocaleLowerCase('en'))) {
      continue;
    }
    const before = text.slice(0, match.index).trimEnd();
    if (before.length === 0 || /[.!?:;\n"“(]$/.test(before)) {
      continue;
    }
    names.push(word);
  }
  return names;
}

function hasAnyWord(text: string, names: readonly string[]): boolean {
  if (names.length === 0) {
    return false;
  }
  const present = new Set(words(text));
  return names.some((name) => present.has(name));
}

/** Common English function words and chat filler: never content on their own. */
const STOP_WORDS = new Set(
  (
    "a about above after again against all am an and any are aren't as at be because been before being below " +
    "between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each " +
    "few for from further get got had hadn't has hasn't have haven't having he her here hers herself him himself " +
    "his how i i'd i'll i'm i've if in into is isn't it it's its itself just let let's me more most my myself no " +
    'nor not now of off on once only or other our ours ourselves out over own please same she should so some such ' +
    'than thank thanks that the their theirs them themselves then there these they this those through to too ' +
    "under until up us very was wasn't we we'd we'll we're we've were weren't what when where which while who " +
    "whom why will with won't would wouldn't you you'd you'll you're you've your yours yourself yourselves yes " +
    'hi hello hey sure sorry okay ok also can may might must shall one'
  ).split(' '),
);
