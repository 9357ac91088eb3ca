import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ChatFormatTurn, formatChatExample, formatChatPrompt } from '@neodesk/contracts';
import { GptNeoTokenizer, buildPrompt } from '@neodesk/inference';
import type { TrainingCandidate } from '@neodesk/persistence';
import { toTrainingExample } from './training-example';

const MODEL_DIR = join(__dirname, '..', '..', '..', '..', 'models', 'neodesk-support-gpt-neo');

function bundledTokenizer(): GptNeoTokenizer {
  // The CommonJS build, as libs/inference loads it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Tokenizer } = require('@huggingface/tokenizers') as {
    Tokenizer: new (json: object, config: object) => ConstructorParameters<typeof GptNeoTokenizer>[0];
  };
  const read = (file: string): object => JSON.parse(readFileSync(join(MODEL_DIR, file), 'utf8')) as object;
  return new GptNeoTokenizer(new Tokenizer(read('tokenizer.json'), read('tokenizer_config.json')), 50256);
}

const TURNS: ChatFormatTurn[] = [
  { speaker: 'customer', text: '  Hi, my order A-1001 has not arrived. ' },
  { speaker: 'agent', text: 'Sorry to hear that! Let me check.' },
  { speaker: 'customer', text: "It's been\ntwo weeks, café owner here." },
];

function candidate(overrides: Partial<TrainingCandidate> = {}): TrainingCandidate {
  return {
    messageId: 'f4e3d2c1-b0a9-4876-9543-210fedcba987',
    conversationId: '6c1f9a3e-2b7d-4c59-9a51-1f0e8d2b7c44',
    seq: 4,
    author: 'agent',
    text: ' It ships today. ',
    createdAt: new Date('2026-11-26T10:00:00.000Z'),
    before: [
      { author: 'customer', text: 'Where is my order?' },
      { author: 'bot', text: 'Let me check.' },
      { author: 'customer', text: 'It is late.' },
    ],
    position: { at: '2026-11-26T10:00:00.000000Z', id: 'f4e3d2c1-b0a9-4876-9543-210fedcba987' },
    ...overrides,
  };
}

describe('the chat format as text', () => {
  const tokenizer = bundledTokenizer();
  const asText = (ids: number[]): string => tokenizer.decode(ids, { skipSpecialTokens: false });

  it('should write exactly the prompt the tokenizer encodes for the model (chat_format.py)', () => {
    expect(formatChatPrompt(TURNS)).toBe(asText(tokenizer.encodeChatPrompt(TURNS)));
    expect(formatChatPrompt(TURNS)).toBe(
      "<|endoftext|>Customer: Hi, my order A-1001 has not arrived.<|endoftext|>Agent: Sorry to hear that! Let me check.<|endoftext|>Customer: It's been\ntwo weeks, café owner here.<|endoftext|>Agent:",
    );
  });

  it("should write the persona as libs/inference's prompt builder does", () => {
    const persona = '  You are Neo, the shop assistant. ';
    const built = buildPrompt({ persona, turns: TURNS, maxPromptTokens: 4096 }, tokenizer);
    expect(built.droppedTurns).toBe(0);
    expect(formatChatPrompt(TURNS, persona)).toBe(asText(built.ids));
    expect(formatChatPrompt(TURNS, '   ')).toBe(formatChatPrompt(TURNS));
  });

  it('should write a whole example as training reads it: the reply as the last agent turn', () => {
    const completion = ' It ships today. ';
    const whole = asText(tokenizer.encodeChatPrompt([...TURNS, { speaker: 'agent', text: completion }]));
    // encodeChatPrompt ends with the cue for the next reply, which a training example does not have.
    expect(`${formatChatExample(TURNS, completion)}Agent:`).toBe(whole);
  });
});

describe(toTrainingExample.name, () => {
  it('should make an agent answer to a customer an agent_after_handoff example, bot turns speaking as agent', () => {
    expect(toTrainingExample(candidate(), null)).toEqual({
      conversationId: '6c1f9a3e-2b7d-4c59-9a51-1f0e8d2b7c44',
      messageId: 'f4e3d2c1-b0a9-4876-9543-210fedcba987',
      messageSeq: 4,
      createdAt: '2026-11-26T10:00:00.000Z',
      source: 'agent_after_handoff',
      persona: null,
      turns: [
        { speaker: 'customer', text: 'Where is my order?' },
        { speaker: 'agent', text: 'Let me check.' },
        { speaker: 'customer', text: 'It is late.' },
      ],
      completion: 'It ships today.',
      prompt:
        '<|endoftext|>Customer: Where is my order?<|endoftext|>Agent: Let me check.<|endoftext|>' +
        'Customer: It is late.<|endoftext|>Agent:',
      text:
        '<|endoftext|>Customer: Where is my order?<|endoftext|>Agent: Let me check.<|endoftext|>' +
        'Customer: It is late.<|endoftext|>Agent: It ships today.<|endoftext|>',
    });
  });

  it('should make a bot reply a bot_positive example, with the persona when asked', () => {
    const example = toTrainingExample(candidate({ author: 'bot' }), 'Be kind.');
    expect(example).toMatchObject({ source: 'bot_positive', persona: 'Be kind.' });
    expect(example?.text.startsWith('<|endoftext|>System: Be kind.<|endoftext|>Customer: ')).toBe(true);
  });

  it("should leave out the bot's answer that an agent's answer after a handoff replaces", () => {
    const replaced = candidate({ before: [...candidate().before, { author: 'bot', text: 'I do not know.' }] });
    expect(toTrainingExample(replaced, null)).toEqual(toTrainingExample(candidate(), null));
  });

  it('should skip a reply that does not answer a customer message', () => {
    const agentAfterAgent = candidate({ before: [...candidate().before, { author: 'agent', text: 'One moment.' }] });
    expect(toTrainingExample(agentAfterAgent, null)).toBeNull();
    const afterAgentAndBot = candidate({
      before: [...candidate().before, { author: 'agent', text: 'One moment.' }, { author: 'bot', text: 'Hm.' }],
    });
    expect(toTrainingExample(afterAgentAndBot, null)).toBeNull();
    expect(toTrainingExample(candidate({ before: [] }), null)).toBeNull();
    expect(toTrainingExample(candidate({ text: '   ' }), null)).toBeNull();
    expect(toTrainingExample(candidate({ author: 'customer' }), null)).toBeNull();
  });
});
