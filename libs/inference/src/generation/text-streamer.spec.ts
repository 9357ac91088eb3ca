import { realTokenizer } from './__fixtures__/real-tokenizer';
import { StreamDelta, TextStreamer } from './text-streamer';

const EOS = 50256;
const tokenizer = realTokenizer();
const decode = (ids: readonly number[]): string => tokenizer.decode(ids);

function pushAll(sut: TextStreamer, ids: readonly number[]): StreamDelta[] {
  const deltas: StreamDelta[] = [];
  for (const id of ids) {
    const delta = sut.push(id);
    deltas.push(delta);
    if (delta.done) {
      break;
    }
  }
  return deltas;
}

describe(TextStreamer.name, () => {
  describe('multi-byte characters', () => {
    it.each([
      ['skin-tone emoji', 'Great 👍🏽 thanks'],
      ['flag emoji', 'Livraison en 🇫🇷 et 🇩🇪'],
      ['accents and the euro sign', 'Ça coûte 5 € à Zürich'],
      ['CJK', '日本語のテキストと中文字符'],
      ['a mix', 'Ok 👩‍💻: naïve café — 한국어 🎉🎉 ❤️ done'],
    ])('should stream %s without a partial character and rebuild the exact text', (_name, text) => {
      const ids = tokenizer.encodeText(text);
      const sut = new TextStreamer(decode, [], EOS);
      // The case must really split characters across tokens, or it proves nothing.
      expect(ids.some((_, i) => decode(ids.slice(0, i + 1)).endsWith('\uFFFD'))).toBe(true);

      const deltas = pushAll(sut, ids).map((step) => step.delta);
      const last = sut.push(EOS);

      expect(deltas.every((delta) => !delta.includes('\uFFFD'))).toBe(true);
      expect(deltas.join('') + last.delta).toBe(text);
      expect(last).toEqual({ delta: '', done: true, finishReason: 'eos' });
      expect(sut.text).toBe(text);
    });

    it('should pass a real U+FFFD through once the next token shows it is complete', () => {
      const text = 'bad \uFFFD byte';
      const ids = tokenizer.encodeText(text);
      const sut = new TextStreamer(decode, [], EOS);

      const deltas = pushAll(sut, ids).map((step) => step.delta);

      expect(decode(ids)).toBe(text);
      expect(deltas.join('') + sut.flush()).toBe(text);
      expect(sut.text).toBe(text);
    });

    it('should keep emitting while the model writes a long run of invalid bytes', () => {
      // Ids 94..98 are the byte-level tokens of the lone continuation bytes 0xA1..0xA5.
      const junk = [...tokenizer.encodeText('a'), ...Array.from({ length: 20 }, (_, i) => 94 + (i % 5)), 65];
      const sut = new TextStreamer(decode, [], EOS);
      expect(decode([94])).toBe('\uFFFD');

      const deltas = pushAll(sut, junk).map((step) => step.delta);

      expect(deltas.join('') + sut.flush()).toBe(decode(junk));
      // Released as it goes (at most 3 U+FFFD held back), not all at the end.
      expect(deltas.slice(0, 15).join('')).toBe('a' + '\uFFFD'.repeat(11));
    });

    it('should emit a trailing incomplete character as U+FFFD on flush, as the full decode shows it', () => {
      const ids = tokenizer.encodeText('ok 👍');
      const cut = ids.slice(0, ids.length - 1);
      const sut = new TextStreamer(decode, [], EOS);

      const shown = pushAll(sut, cut)
        .map((step) => step.delta)
        .join('');

      expect(shown).toBe('ok ');
      expect(sut.flush()).toBe(decode(cut).slice(3));
      expect(sut.text).toBe(decode(cut));
    });
  });

  describe('stop sequences', () => {
    /** Feeds text as its real tokens and returns every delta. */
    function stream(text: string, stop: string[]): { sut: TextStreamer; deltas: StreamDelta[] } {
      const sut = new TextStreamer(decode, stop, EOS);
      return { sut, deltas: pushAll(sut, tokenizer.encodeText(text)) };
    }

    it('should stop at a "\\nCustomer:" split across tokens and never show any part of it', () => {
      const { sut, deltas } = stream('Sure, I can help.\nCustomer: thanks', ['\nCustomer:']);

      expect(deltas.at(-1)).toEqual(expect.objectContaining({ done: true, finishReason: 'stop' }));
      expect(deltas.map((step) => step.delta).join('')).toBe('Sure, I can help.');
      expect(deltas.some((step) => /\n|Cust/.test(step.delta))).toBe(false);
      expect(sut.text).toBe('Sure, I can help.');
      expect(() => sut.push(11)).toThrow('push after the reply ended');
    });

    it('should stop at a stop sequence that starts with a space', () => {
      const { sut, deltas } = stream('Your order ships today Agent: more', [' Agent:']);

      expect(deltas.at(-1)?.finishReason).toBe('stop');
      expect(sut.text).toBe('Your order ships today');
      expect(deltas.map((step) => step.delta).join('')).toBe('Your order ships today');
    });

    it('should release a held prefix that turns out not to be a stop sequence', () => {
      const { sut, deltas } = stream('Customers love it.\nCustomer service is open', ['\nCustomer:']);

      const shown = deltas.map((step) => step.delta).join('');

      expect(deltas.every((step) => !step.done)).toBe(true);
      expect(shown).toBe('Customers love it.\nCustomer service is open');
      // "\nCustomer" was held until " service" ruled the stop out, then came out in one piece.
      expect(deltas.some((step) => step.delta.startsWith('\nCustomer s'))).toBe(true);
      expect(sut.flush()).toBe('');
    });

    it('should handle overlapping prefixes: a failed partial match followed by a real one', () => {
      const { sut, deltas } = stream('abab abababc tail', ['ababc', 'xyz']);

      expect(deltas.at(-1)?.finishReason).toBe('stop');
      expect(sut.text).toBe('abab ab');
      expect(deltas.map((step) => step.delta).join('')).toBe('abab ab');
    });

    it('should cut at the earliest of several matching stop sequences', () => {
      const { sut } = stream('one two three', ['three', 'two']);

      expect(sut.text).toBe('one ');
      expect(sut.finishReason).toBe('stop');
    });

    it('should stop on a stop sequence made of multi-byte characters split across tokens', () => {
      const { sut, deltas } = stream('Merci 🇫🇷 beaucoup', ['🇫🇷']);

      expect(deltas.at(-1)?.finishReason).toBe('stop');
      expect(sut.text).toBe('Merci ');
      expect(deltas.some((step) => step.delta.includes('\uFFFD'))).toBe(false);
    });

    it('should release the held-back text with EOS and finish with eos', () => {
      const sut = new TextStreamer(decode, ['\nCustomer:'], EOS);
      const shown = pushAll(sut, tokenizer.encodeText('All set.\nCust'))
        .map((step) => step.delta)
        .join('');

      const last = sut.push(EOS);

      expect(shown).toBe('All set.');
      expect(last).toEqual({ delta: '\nCust', done: true, finishReason: 'eos' });
      expect(sut.text).toBe('All set.\nCust');
    });

    it('should return the held-back text from flush, then nothing', () => {
      const sut = new TextStreamer(decode, [' Agent:'], EOS);
      const shown = pushAll(sut, tokenizer.encodeText('Wait for the Age'))
        .map((step) => step.delta)
        .join('');

      expect(shown).toBe('Wait for the');
      expect(sut.flush()).toBe(' Age');
      expect(sut.flush()).toBe('');
      expect(sut.done).toBe(true);
      expect(sut.finishReason).toBeUndefined();
      expect(sut.text).toBe('Wait for the Age');
    });
  });

  it('should decode only a short window of recent ids per token', () => {
    const calls: number[] = [];
    const counting = (ids: readonly number[]): string => {
      calls.push(ids.length);
      return decode(ids);
    };
    const text = 'Ça coûte 5 € 👍🏽 '.repeat(40);
    const ids = tokenizer.encodeText(text);
    const sut = new TextStreamer(counting, ['\nCustomer:'], EOS);

    const shown = pushAll(sut, ids)
      .map((step) => step.delta)
      .join('');

    expect(shown + sut.flush()).toBe(text);
    expect(ids.length).toBeGreaterThan(300);
    expect(Math.max(...calls)).toBeLessThanOrEqual(8);
  });
});
