import { type PhraseMatch, PhraseMatcher } from './phrase-matcher';

/**
 * The built-in list of abusive words and slurs (English), for bot replies (`useDefaultBlockedTerms`) and
 * customer messages (`flagAbusiveInput`). Whole words in any case, with the matcher's obfuscation handling;
 * a trailing `*` covers a word's forms (`fuck*`: fucks, fucked, fucking). Kept compact and unambiguous on
 * purpose: mild words a frustrated customer may use without abuse ("damn", "hell", "crap", "stupid") and
 * words with a common innocent meaning are left out, so the list does not fire on ordinary support talk.
 */
export const DEFAULT_BLOCKED_TERMS: readonly string[] = [
  // Profanity
  'fuck*',
  'motherfuck*',
  'fck',
  'fuk',
  'fucc',
  'stfu',
  'shit',
  'shits',
  'shitty',
  'shithead',
  'shithole',
  'bullshit',
  'horseshit',
  'cunt*',
  'twat',
  'twats',
  'wank*',
  'bollocks',
  'piss off',
  'pissed off',
  'son of a bitch',
  'bitch*',
  'bastard',
  'bastards',
  'asshole*',
  'arsehole*',
  'dickhead*',
  'cocksucker*',
  'jerk off',
  'go to hell',
  'screw you',
  'kill yourself',
  'kys',
  // Insults
  'dumbass',
  'jackass',
  'dipshit',
  'idiot',
  'idiots',
  'idiotic',
  'moron',
  'morons',
  'moronic',
  'imbecile',
  'scumbag',
  'douchebag',
  'whore',
  'whores',
  'slut',
  'sluts',
  'skank',
  // Slurs (ethnic, religious, sexual orientation, gender identity, disability)
  'nigger*',
  'nigga*',
  'faggot*',
  'fag',
  'fags',
  'dyke',
  'dykes',
  'tranny',
  'trannies',
  'shemale',
  'retard',
  'retards',
  'retarded',
  'spaz',
  'mongoloid',
  'kike',
  'kikes',
  'spic',
  'spics',
  'wetback*',
  'chink',
  'chinks',
  'gook',
  'gooks',
  'raghead*',
  'towelhead*',
  'sandnigger*',
  'paki',
  'pakis',
  'beaner*',
  'gyppo',
  'pikey',
];

const defaultMatcher = new PhraseMatcher(DEFAULT_BLOCKED_TERMS);

/**
 * The first abusive word or slur of the built-in list in a text (with its offsets), or null. `extraTerms`:
 * a workspace's own blocked terms, checked as well.
 */
export function findAbusiveTerm(text: string, extraTerms: readonly string[] = []): PhraseMatch | null {
  const matcher =
    extraTerms.length === 0 ? defaultMatcher : new PhraseMatcher([...DEFAULT_BLOCKED_TERMS, ...extraTerms]);
  return matcher.find(text);
}
