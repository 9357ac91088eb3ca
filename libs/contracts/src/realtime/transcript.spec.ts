import type { MessageDto } from '../messages/message.dto';
import { botReplyClientMessageId } from '../bot/bot-reply';
import { ConversationTranscript } from './transcript';

const conversationId = 'c-1';

function message(seq: number, text: string): MessageDto {
  return {
    id: `m-${seq}`,
    conversationId,
    seq,
    author: seq % 2 === 1 ? 'customer' : 'bot',
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

describe(ConversationTranscript.name, () => {
  it('should keep each message once, in sequence order, whatever order they arrive in', () => {
    const sut = new ConversationTranscript(conversationId);
    [message(2, 'b'), message(1, 'a'), message(2, 'b'), message(3, 'c')].forEach((m) => sut.addMessage(m));
    sut.addMessage({ ...message(4, 'other'), conversationId: 'c-2' });
    expect(sut.list().map((m) => m.text)).toEqual(['a', 'b', 'c']);
    expect(sut.lastSeq).toBe(3);
  });

  it('should join a resume snapshot with live deltas that came before or after it, without repeats', () => {
    const sut = new ConversationTranscript(conversationId);
    // Live deltas 2 and 3 arrive before the resume answer, which holds deltas 0..2.
    sut.applyDelta({ replyId: 'r', conversationId, attempt: 1, index: 3, text: 'd' });
    sut.applyDelta({ replyId: 'r', conversationId, attempt: 1, index: 2, text: 'c' });
    sut.applyResume({
      messages: [message(1, 'hi')],
      streaming: [{ replyId: 'r', conversationId, attempt: 1, text: 'abc', nextIndex: 3 }],
      hasMore: false,
    });
    sut.applyDelta({ replyId: 'r', conversationId, attempt: 1, index: 5, text: 'f' });
    expect(sut.streaming()).toEqual([{ replyId: 'r', attempt: 1, text: 'abcd' }]);
    sut.applyDelta({ replyId: 'r', conversationId, attempt: 1, index: 4, text: 'e' });
    expect(sut.streaming()).toEqual([{ replyId: 'r', attempt: 1, text: 'abcdef' }]);
    sut.applyEnd({ replyId: 'r', conversationId, outcome: 'completed', messageSeq: 2 });
    expect(sut.streaming()).toEqual([]);
  });

  it('should replace the text of a reply restarted on another worker, and ignore the old attempt', () => {
    const sut = new ConversationTranscript(conversationId);
    sut.applyStart({ replyId: 'r', conversationId, attempt: 1 });
    sut.applyDelta({ replyId: 'r', conversationId, attempt: 1, index: 0, text: 'old' });
    sut.applyStart({ replyId: 'r', conversationId, attempt: 2 });
    sut.applyDelta({ replyId: 'r', conversationId, attempt: 1, index: 1, text: ' late' });
    sut.applyDelta({ replyId: 'r', conversationId, attempt: 2, index: 0, text: 'new' });
    expect(sut.streaming()).toEqual([{ replyId: 'r', attempt: 2, text: 'new' }]);
  });

  it('should stop listing a reply as streaming once its stored message is held, even before its end event', () => {
    const sut = new ConversationTranscript(conversationId);
    sut.applyStart({ replyId: 'r', conversationId, attempt: 1 });
    sut.applyStart({ replyId: 'other', conversationId, attempt: 1 });
    sut.applyDelta({ replyId: 'r', conversationId, attempt: 1, index: 0, text: 'Yes, three kinds.' });
    sut.addMessage({ ...message(2, 'Yes, three kinds.'), clientMessageId: botReplyClientMessageId('r') });
    expect(sut.streaming()).toEqual([{ replyId: 'other', attempt: 1, text: '' }]);
    // A late delta does not bring it back.
    sut.applyDelta({ replyId: 'r', conversationId, attempt: 1, index: 1, text: ' late' });
    expect(sut.streaming().map((reply) => reply.replyId)).toEqual(['other']);
  });
});
