import { MAX_MESSAGE_LENGTH } from '../messages/message-author';
import { resumeConversationPayloadSchema, sendMessagePayloadSchema, typingPayloadSchema } from './payloads';

const conversationId = '4f7c2a4e-8d0b-4a53-9a57-6f1f0b4c8e21';

describe('realtime payload schemas', () => {
  it('should accept a well-formed message and trim the client message id', () => {
    const sut = sendMessagePayloadSchema.parse({ conversationId, clientMessageId: ' c-1 ', text: 'Hello' });
    expect(sut).toEqual({ conversationId, clientMessageId: 'c-1', text: 'Hello' });
  });

  it.each([
    ['empty text', { conversationId, clientMessageId: 'c', text: '   ' }],
    ['oversized text', { conversationId, clientMessageId: 'c', text: 'x'.repeat(MAX_MESSAGE_LENGTH + 1) }],
    ['a lone surrogate', { conversationId, clientMessageId: 'c', text: 'bad \uD800 text' }],
    ['a NUL character', { conversationId, clientMessageId: 'c', text: 'a\u0000b' }],
    ['a number as text', { conversationId, clientMessageId: 'c', text: 42 }],
    ['a conversation id that is not a uuid', { conversationId: 'abc', clientMessageId: 'c', text: 'hi' }],
    ['a missing client message id', { conversationId, text: 'hi' }],
    ['an unknown field', { conversationId, clientMessageId: 'c', text: 'hi', extra: true }],
    ['null', null],
  ])('should reject a message with %s', (_name, payload) => {
    expect(sendMessagePayloadSchema.safeParse(payload).success).toBe(false);
  });

  it('should accept resume from 0 and reject negative or fractional sequence numbers', () => {
    expect(resumeConversationPayloadSchema.safeParse({ conversationId, afterSeq: 0 }).success).toBe(true);
    expect(resumeConversationPayloadSchema.safeParse({ conversationId, afterSeq: -1 }).success).toBe(false);
    expect(resumeConversationPayloadSchema.safeParse({ conversationId, afterSeq: 1.5 }).success).toBe(false);
  });

  it('should require a boolean isTyping', () => {
    expect(typingPayloadSchema.safeParse({ conversationId, isTyping: true }).success).toBe(true);
    expect(typingPayloadSchema.safeParse({ conversationId, isTyping: 'yes' }).success).toBe(false);
  });
});
