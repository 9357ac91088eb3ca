import type { BotSettingsDto, MessageDto } from '@neodesk/contracts';
import { asksForHuman, buildGenerationJob } from './bot-prompt';

const settings: BotSettingsDto = {
  botName: 'Neo',
  persona: 'Be brief.',
  greeting: 'Hi',
  fallbackMessage: 'Sorry',
  handoffPhrases: ['talk to a human', 'real person'],
  maxNewTokens: 64,
  temperature: 0.7,
  topK: 40,
  topP: 0.9,
  repetitionPenalty: 1.2,
  updatedAt: new Date(0).toISOString(),
};

function message(seq: number, author: MessageDto['author'], text: string): MessageDto {
  return {
    id: `m${seq}`,
    conversationId: 'c',
    seq,
    author,
    authorUserId: null,
    authorName: null,
    text,
    clientMessageId: null,
    generation: null,
    feedback: null,
    sources: [],
    createdAt: new Date(0).toISOString(),
  };
}

describe(buildGenerationJob.name, () => {
  it('should speak bot and agent messages as the agent, leave out system notes and anything after the question', () => {
    const history = [
      message(1, 'customer', 'Hi'),
      message(2, 'bot', 'Hello!'),
      message(3, 'system', 'Conversation handed to a human'),
      message(4, 'agent', 'Ana here.'),
      message(5, 'customer', 'Where is my order?'),
      message(6, 'customer', 'Also, a refund?'),
    ];
    const sut = buildGenerationJob('r-1', settings, history, 5);
    expect(sut).toEqual({
      jobId: 'r-1',
      attempt: 1,
      persona: 'Be brief.',
      turns: [
        { speaker: 'customer', text: 'Hi' },
        { speaker: 'agent', text: 'Hello!' },
        { speaker: 'agent', text: 'Ana here.' },
        { speaker: 'customer', text: 'Where is my order?' },
      ],
      params: { maxNewTokens: 64, temperature: 0.7, topK: 40, topP: 0.9, repetitionPenalty: 1.2 },
    });
  });

  it('should send no persona when the workspace left it blank', () => {
    expect(
      buildGenerationJob('r', { ...settings, persona: '  ' }, [message(1, 'customer', 'x')], 1).persona,
    ).toBeNull();
  });
});

describe(asksForHuman.name, () => {
  it.each([
    ['I want to TALK to a   human!', true],
    ['Can I speak with a real person, please?', true],
    ['talk to a humanoid robot', false],
    ['Where is my order?', false],
  ])('%s -> %s', (text, expected) => {
    expect(asksForHuman(text, settings.handoffPhrases)).toBe(expected);
  });

  it('should ignore blank phrases', () => {
    expect(asksForHuman('anything', ['  ', ''])).toBe(false);
  });
});
