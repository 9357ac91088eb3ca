import type { BotReplyDeltaEvent, BotReplyEndEvent, BotReplySnapshot, BotReplyStartEvent } from '../bot/bot-reply';
import type { MessageDto } from '../messages/message.dto';
import { botReplyClientMessageId } from '../bot/bot-reply';
import type { ResumeResult } from './events';

interface Draft {
  attempt: number;
  /** Text of deltas 0..prefixEnd-1 (from a resume snapshot). */
  prefix: string;
  prefixEnd: number;
  parts: Map<number, string>;
}

/**
 * A client's view of one conversation, shared by the widget, the dashboard and the tests: stored messages
 * by sequence number (repeats ignored) and the replies still streaming. Live events and resume answers may
 * arrive in any order around a reconnect; the result is the same, with no gaps and no duplicates.
 */
export class ConversationTranscript {
  private readonly messages = new Map<number, MessageDto>();
  private readonly drafts = new Map<string, Draft>();
  /** Client ids of the stored messages: a stored bot reply names its reply (botReplyClientMessageId). */
  private readonly storedClientIds = new Set<string>();

  constructor(readonly conversationId: string) {}

  /** The highest sequence number held: what to resume after. */
  get lastSeq(): number {
    let last = 0;
    for (const seq of this.messages.keys()) {
      last = Math.max(last, seq);
    }
    return last;
  }

  addMessage(message: MessageDto): void {
    if (message.conversationId === this.conversationId) {
      this.messages.set(message.seq, message);
      if (message.clientMessageId !== null) {
        this.storedClientIds.add(message.clientMessageId);
      }
    }
  }

  applyResume(result: ResumeResult): void {
    result.messages.forEach((message) => this.addMessage(message));
    result.streaming.forEach((snapshot) => this.applySnapshot(snapshot));
  }

  applySnapshot(snapshot: BotReplySnapshot): void {
    if (snapshot.conversationId !== this.conversationId) {
      return;
    }
    const draft = this.draftFor(snapshot.replyId, snapshot.attempt);
    if (draft !== undefined && snapshot.nextIndex >= draft.prefixEnd) {
      draft.prefix = snapshot.text;
      draft.prefixEnd = snapshot.nextIndex;
    }
  }

  applyStart(event: BotReplyStartEvent): void {
    if (event.conversationId === this.conversationId) {
      this.draftFor(event.replyId, event.attempt);
    }
  }

  applyDelta(event: BotReplyDeltaEvent): void {
    if (event.conversationId !== this.conversationId) {
      return;
    }
    const draft = this.draftFor(event.replyId, event.attempt);
    if (draft !== undefined && event.index >= draft.prefixEnd) {
      draft.parts.set(event.index, event.text);
    }
  }

  /** The reply is over: its stored message (if any) arrives as `message:new` or in a resume. */
  applyEnd(event: BotReplyEndEvent): void {
    if (event.conversationId === this.conversationId) {
      this.drafts.delete(event.replyId);
    }
  }

  /** Stored messages in order. */
  list(): MessageDto[] {
    return [...this.messages.values()].sort((a, b) => a.seq - b.seq);
  }

  /**
   * The text shown so far for each reply still streaming (contiguous deltas only). A reply whose stored
   * message is here already is not listed, even before its end event arrives: it is never shown twice.
   */
  streaming(): Array<{ replyId: string; attempt: number; text: string }> {
    const streaming = [...this.drafts.entries()].filter(
      ([replyId]) => !this.storedClientIds.has(botReplyClientMessageId(replyId)),
    );
    return streaming.map(([replyId, draft]) => {
      let text = draft.prefix;
      for (let index = draft.prefixEnd; draft.parts.has(index); index++) {
        text += draft.parts.get(index);
      }
      return { replyId, attempt: draft.attempt, text };
    });
  }

  /** A newer attempt replaces an older one's text; events of an older attempt are ignored. */
  private draftFor(replyId: string, attempt: number): Draft | undefined {
    const existing = this.drafts.get(replyId);
    if (existing !== undefined && existing.attempt > attempt) {
      return undefined;
    }
    if (existing === undefined || existing.attempt < attempt) {
      const fresh: Draft = { attempt, prefix: '', prefixEnd: 0, parts: new Map() };
      this.drafts.set(replyId, fresh);
      return fresh;
    }
    return existing;
  }
}
