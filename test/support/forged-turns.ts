/**
 * An independent check for the attack specs: whether text placed in a customer turn still holds a special
 * token or a line that reads as another speaker's turn. Deliberately cruder than the neutraliser (it
 * reads a line's head with everything but letters removed), so the two do not share a blind spot.
 */
const ROLES = new Set([
  'agent',
  'bot',
  'chatbot',
  'assistant',
  'system',
  'customer',
  'user',
  'human',
  'ai',
  'persona',
  'instruction',
  'instructions',
]);
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
  т: 't',
  м: 'm',
  н: 'h',
  к: 'k',
  в: 'b',
  α: 'a',
  ο: 'o',
  ε: 'e',
  ι: 'i',
  τ: 't',
  β: 'b',
  μ: 'm',
  ν: 'n',
  κ: 'k',
  η: 'n',
  ρ: 'p',
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
};

export function forgedTurnIn(text: string): string | null {
  const plain = text.normalize('NFKC').replace(/[\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u206F\uFEFF]/gu, '');
  const lower = [...plain.toLowerCase()].map((c) => LOOK_ALIKES[c] ?? c).join('');
  for (const token of ['<|', '|>', 'endoftext', '[inst]', '<<sys', '</s>', '<s>', 'im_start', '### response']) {
    if (lower.includes(token)) {
      return `special token ${token}`;
    }
  }
  const tag = /<\s*\/?\s*(?:system|user|assistant|human|bot|agent)\s*>/u.exec(lower);
  if (tag !== null) {
    return `role tag ${tag[0]}`;
  }
  for (const line of lower.split(/\r?\n|\r/u)) {
    const colon = line.search(/[:：﹕꞉∶ː]/u);
    if (colon < 0 || colon > 40) {
      continue;
    }
    const head = line.slice(0, colon).replace(/[^\p{L}]/gu, '');
    if (ROLES.has(head)) {
      return `role marker in "${line.slice(0, 60)}"`;
    }
  }
  return null;
}

export interface InjectionAttack {
  name: string;
  text: string;
}
