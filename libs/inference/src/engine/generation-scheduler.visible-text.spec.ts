import type { GptNeoConfig } from '../model/gpt-neo-config';
import type { BatchDecoder } from './batch-decoder';
import { GenerationScheduler, type ReplyStreamer, type TokenSampler } from './generation-scheduler';

const EOS = 0;
const VOCAB = 4;
/** Token texts of the scripted vocabulary: EOS, a space, a newline, a word. */
const TEXT = ['', ' ', '\n', 'Hello'];

/**
 * A decoder whose logits make EOS the favourite at every position, with the script's token second: only
 * the scheduler's EOS suppression can make it write anything. Every decoder (standard, fused) hands its
 * rows to the same GenerationScheduler.accept, which this drives.
 */
function scriptedDecoder(script: number[]): BatchDecoder {
  const positions = new Map<number, number>();
  const row = (sequenceId: number): Float32Array => {
    const at = positions.get(sequenceId) ?? 0;
    positions.set(sequenceId, at + 1);
    const logits = new Float32Array(VOCAB).fill(-5);
    logits[EOS] = 10;
    logits[script[Math.min(at, script.length - 1)]] = 5;
    return logits;
  };
  return {
    config: {} as GptNeoConfig,
    maxSequences: 4,
    maxSequenceLength: 64,
    prefill: (sequenceId) => Promise.resolve(row(sequenceId)),
    prefillMany: (prompts) => Promise.resolve(prompts.map(({ sequenceId }) => row(sequenceId))),
    step: (inputs) => {
      const out = new Float32Array(inputs.length * VOCAB);
      inputs.forEach(({ sequenceId }, i) => out.set(row(sequenceId), i * VOCAB));
      return Promise.resolve(out);
    },
    release: () => undefined,
    dispose: () => Promise.resolve(),
  };
}

const greedy: TokenSampler = {
  next(logits) {
    let best = 0;
    for (let i = 1; i < logits.length; i++) {
      if (logits[i] > logits[best]) {
        best = i;
      }
    }
    return best;
  },
};

function textStreamer(): ReplyStreamer {
  let text = '';
  return {
    push(tokenId) {
      if (tokenId === EOS) {
        return { delta: '', done: true, finishReason: 'eos' };
      }
      text += TEXT[tokenId];
      return { delta: TEXT[tokenId], done: false };
    },
    flush: () => '',
    get text() {
      return text;
    },
  };
}

describe(`${GenerationScheduler.name} (requireVisibleText)`, () => {
  const generate = (script: number[], requireVisibleText: boolean, maxNewTokens = 10) =>
    new GenerationScheduler(scriptedDecoder(script), {
      maxBatchSize: 4,
      maxQueued: 4,
      maxTokensInFlight: 256,
    }).generate({
      promptIds: [1, 2, 3],
      maxNewTokens,
      eosTokenId: EOS,
      requireVisibleText,
      sampler: greedy,
      streamer: textStreamer(),
    });

  it('should let a model that favours EOS end at once without it (the empty reply this prevents)', async () => {
    const result = await generate([3], false);

    expect(result).toMatchObject({ text: '', finishReason: 'eos', tokenIds: [EOS] });
  });

  it('should suppress EOS until the reply has a visible character, then allow it at once', async () => {
    const result = await generate([1, 2, 1, 3], true);

    expect(result.text).toBe(' \n Hello');
    expect(result.tokenIds).toEqual([1, 2, 1, 3, EOS]);
    expect(result.finishReason).toBe('eos');
  });

  it('should still stop at max_new_tokens when the model writes only whitespace', async () => {
    const result = await generate([1], true, 4);

    expect(result).toMatchObject({ text: '    ', finishReason: 'length', completionTokens: 4 });
  });
});
