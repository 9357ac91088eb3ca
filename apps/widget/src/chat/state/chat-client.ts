import {
  type Ack,
  type ConversationDto,
  type ConversationStatus,
  ConversationTranscript,
  type MessageDto,
  type MessageFeedback,
  type MessageFeedbackDto,
  type ResumeResult,
  type SatisfactionDto,
  type VisitorClientToServerEvents,
  type VisitorIdentity,
  type VisitorIdentityDto,
  type VisitorServerToClientEvents,
  type WidgetSessionDto,
} from '@neodesk/contracts';
import { type Socket, io } from 'socket.io-client';
import { type OutboxItem, SessionStore, type StoredSession, randomId } from './session-store';

export type ConnectionState = 'idle' | 'connecting' | 'online' | 'offline' | 'refused';

export interface StreamingReply {
  replyId: string;
  text: string;
  /** False once the reply ended and only waits for its stored message. */
  writing: boolean;
}

/** Everything the panel draws, rebuilt at most once per animation frame. */
export interface ChatSnapshot {
  connection: ConnectionState;
  status: ConversationStatus | null;
  messages: MessageDto[];
  streaming: StreamingReply[];
  outbox: OutboxItem[];
  agentTyping: boolean;
  ratings: Record<string, MessageFeedback>;
  satisfaction: 'none' | 'asked' | 'sending' | 'sent';
  askPreChat: boolean;
}

interface ChatClientOptions {
  serviceOrigin: string;
  widgetKey: string;
  /** Whether the workspace's pre-chat form asks anything. */
  preChat: boolean;
}

type VisitorSocket = Socket<VisitorServerToClientEvents, VisitorClientToServerEvents>;

const ACK_TIMEOUT_MS = 15_000;
const AGENT_TYPING_TTL_MS = 8_000;

/**
 * The widget's one connection to the service: the session (kept in localStorage), the socket, the
 * transcript (stored messages and streaming replies, from `libs/contracts`) and the outbox of messages not
 * yet acknowledged. Every live event updates the transcript here and nowhere else.
 */
export class ChatClient {
  readonly #options: ChatClientOptions;
  readonly #store: SessionStore;
  #session: StoredSession;
  #socket: VisitorSocket | undefined;
  #transcript: ConversationTranscript | undefined;
  #connection: ConnectionState = 'idle';
  #status: ConversationStatus | null = null;
  readonly #seen = new Set<number>();
  #historyLoaded = false;
  /** Replies that ended before their stored message arrived: shown until it does, so nothing flickers. */
  readonly #ended = new Map<string, { text: string; seq: number }>();
  readonly #ratings: Record<string, MessageFeedback> = {};
  #satisfaction: ChatSnapshot['satisfaction'] = 'none';
  #agentTypingUntil = 0;
  #flushing = false;
  #pendingIdentity: VisitorIdentity | undefined;
  readonly #listeners = new Set<() => void>();
  readonly #messageListeners = new Set<(message: MessageDto) => void>();
  #frame = 0;
  #lastTypingSent = 0;
  #sessionRetry = 1000;
  /** A flush waiting for the service to take writes again (it answered a retryable refusal). */
  #flushRetry: ReturnType<typeof setTimeout> | undefined;

  constructor(options: ChatClientOptions) {
    this.#options = options;
    this.#store = new SessionStore(options.widgetKey);
    this.#session = this.#store.load();
    window.addEventListener('online', () => this.#socket?.connect());
  }

  /** A returning visitor: connect at once so agent replies and unread counts arrive before the panel opens. */
  get returning(): boolean {
    return this.#session.visitorToken !== undefined;
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** A message not seen before arrived (not the history loaded on start). */
  onNewMessage(listener: (message: MessageDto) => void): () => void {
    this.#messageListeners.add(listener);
    return () => this.#messageListeners.delete(listener);
  }

  snapshot(): ChatSnapshot {
    const transcript = this.#transcript;
    const messages = transcript?.list() ?? [];
    const stored = new Set(messages.map((message) => message.seq));
    const streaming: StreamingReply[] = (transcript?.streaming() ?? []).map((reply) => ({
      replyId: reply.replyId,
      text: reply.text,
      writing: true,
    }));
    for (const [replyId, reply] of this.#ended) {
      if (!stored.has(reply.seq)) {
        streaming.push({ replyId, text: reply.text, writing: false });
      }
    }
    return {
      connection: this.#connection,
      status: this.#status,
      messages,
      streaming,
      outbox: this.#session.outbox.filter(
        (item) => !messages.some((message) => message.clientMessageId === item.clientMessageId),
      ),
      agentTyping: Date.now() < this.#agentTypingUntil,
      ratings: this.#ratings,
      satisfaction: this.#satisfaction,
      askPreChat:
        this.#options.preChat &&
        this.#session.identity === undefined &&
        messages.length === 0 &&
        this.#session.outbox.length === 0,
    };
  }

  start(): void {
    if (this.#connection === 'idle') {
      this.#setConnection('connecting');
      void this.#openSession();
    }
  }

  send(text: string): void {
    const trimmed = text.trim();
    if (trimmed === '') {
      return;
    }
    this.#session.outbox.push({
      clientMessageId: `w-${randomId()}`,
      text: trimmed,
      createdAt: new Date().toISOString(),
      state: 'pending',
    });
    this.#persist();
    this.#changed();
    this.start();
    void this.#flush();
  }

  retry(clientMessageId: string): void {
    const item = this.#session.outbox.find((candidate) => candidate.clientMessageId === clientMessageId);
    if (item !== undefined) {
      item.state = 'pending';
      this.#persist();
      this.#changed();
      void this.#flush();
    }
  }

  typing(): void {
    const now = Date.now();
    const conversationId = this.#transcript?.conversationId;
    if (this.#socket?.connected === true && conversationId !== undefined && now - this.#lastTypingSent > 3000) {
      this.#lastTypingSent = now;
      this.#socket.emit('typing', { conversationId, isTyping: true });
    }
  }

  identify(identity: VisitorIdentity): void {
    this.#session.identity = identity;
    this.#persist();
    this.#pendingIdentity = identity;
    this.#changed();
    void this.#sendIdentity();
  }

  /** The pre-chat form was skipped (every field optional): do not ask again. */
  skipPreChat(): void {
    this.#session.identity = {};
    this.#persist();
    this.#changed();
  }

  async requestHandoff(): Promise<void> {
    const conversationId = this.#transcript?.conversationId;
    if (this.#socket === undefined || conversationId === undefined) {
      return;
    }
    const ack = await this.#ask<ConversationDto>(() =>
      this.#socket!.timeout(ACK_TIMEOUT_MS).emitWithAck('handoff:request', { conversationId }),
    );
    if (ack?.ok === true) {
      this.#setStatus(ack.data.status);
    }
  }

  async rate(message: MessageDto, rating: MessageFeedback): Promise<void> {
    if (this.#socket === undefined) {
      return;
    }
    const previous = this.#ratings[message.id];
    this.#ratings[message.id] = rating;
    this.#changed();
    const ack = await this.#ask<MessageFeedbackDto>(() =>
      this.#socket!.timeout(ACK_TIMEOUT_MS).emitWithAck('message:feedback', {
        conversationId: message.conversationId,
        messageId: message.id,
        rating,
      }),
    );
    if (ack?.ok !== true) {
      if (previous === undefined) {
        delete this.#ratings[message.id];
      } else {
        this.#ratings[message.id] = previous;
      }
      this.#changed();
    }
  }

  async answerSatisfaction(score: number, comment: string): Promise<void> {
    const conversationId = this.#transcript?.conversationId;
    if (this.#socket === undefined || conversationId === undefined) {
      return;
    }
    this.#satisfaction = 'sending';
    this.#changed();
    const trimmed = comment.trim();
    const ack = await this.#ask<SatisfactionDto>(() =>
      this.#socket!.timeout(ACK_TIMEOUT_MS).emitWithAck('conversation:satisfaction', {
        conversationId,
        score,
        ...(trimmed === '' ? {} : { comment: trimmed }),
      }),
    );
    this.#satisfaction = ack?.ok === true ? 'sent' : 'asked';
    if (ack?.ok === true) {
      this.#session.rated = [...this.#session.rated, conversationId].slice(-20);
      this.#persist();
    }
    this.#changed();
  }

  /** `Neodesk.reset()`: forget this visitor everywhere and start over as a new one on next open. */
  reset(): void {
    this.#socket?.disconnect();
    this.#socket = undefined;
    this.#transcript = undefined;
    this.#store.clear();
    this.#session = { outbox: [], rated: [] };
    this.#seen.clear();
    this.#ended.clear();
    this.#historyLoaded = false;
    this.#status = null;
    this.#satisfaction = 'none';
    this.#pendingIdentity = undefined;
    this.#connection = 'idle';
    this.#changed();
  }

  async #openSession(): Promise<void> {
    const { visitorId, visitorToken } = this.#session;
    let response: Response;
    try {
      response = await fetch(`${this.#options.serviceOrigin}/api/v1/widget/sessions`, {
        method: 'POST',
        credentials: 'omit',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ widgetKey: this.#options.widgetKey, visitorId, visitorToken }),
      });
    } catch {
      if (visitorToken !== undefined && (await this.#serviceAnswers())) {
        // The service is up but its answer to these credentials was unreadable (a refusal without CORS
        // headers): they are not valid any more. Start as a new visitor; what was typed is kept.
        this.#forgetVisitor();
        return this.#openSession();
      }
      // Offline or the service is down: try again with backoff, the outbox waits.
      this.#setConnection('offline');
      setTimeout(() => void this.#openSession(), this.#sessionRetry);
      this.#sessionRetry = Math.min(this.#sessionRetry * 2, 30_000);
      return;
    }
    if (response.status === 401 && visitorToken !== undefined) {
      // The token expired or the secret changed: become a new visitor, keep what was typed.
      this.#forgetVisitor();
      return this.#openSession();
    }
    if (!response.ok) {
      this.#setConnection(response.status >= 500 ? 'offline' : 'refused');
      if (response.status >= 500) {
        setTimeout(() => void this.#openSession(), this.#sessionRetry);
      }
      return;
    }
    this.#sessionRetry = 1000;
    const session = (await response.json()) as WidgetSessionDto;
    this.#session.visitorId = session.visitorId;
    this.#session.visitorToken = session.visitorToken;
    this.#session.conversationId = session.conversation.id;
    this.#persist();
    if (this.#transcript?.conversationId !== session.conversation.id) {
      this.#transcript = new ConversationTranscript(session.conversation.id);
      this.#seen.clear();
      this.#ended.clear();
      this.#historyLoaded = false;
    }
    this.#setStatus(session.conversation.status);
    this.#connect(session.visitorToken);
  }

  async #serviceAnswers(): Promise<boolean> {
    try {
      const { serviceOrigin, widgetKey } = this.#options;
      const response = await fetch(`${serviceOrigin}/api/v1/widget/config?widgetKey=${encodeURIComponent(widgetKey)}`, {
        credentials: 'omit',
      });
      return response.ok;
    } catch {
      return false;
    }
  }

  #forgetVisitor(): void {
    this.#session = { outbox: this.#session.outbox, rated: this.#session.rated, identity: this.#session.identity };
    this.#persist();
  }

  #connect(visitorToken: string): void {
    this.#socket?.disconnect();
    const socket: VisitorSocket = io(`${this.#options.serviceOrigin}/visitor`, {
      // The gateway speaks websocket only (no long-polling, no sticky sessions needed).
      transports: ['websocket'],
      auth: { widgetKey: this.#options.widgetKey, visitorToken },
      reconnectionDelay: 1000,
      reconnectionDelayMax: 15_000,
      randomizationFactor: 0.5,
    });
    this.#socket = socket;
    let refusal: string | undefined;
    socket.on('session:ready', () => {
      refusal = undefined;
      this.#setConnection('online');
      void this.#catchUp();
    });
    socket.on('connect_error', () => this.#setConnection('offline'));
    socket.on('error', (error) => {
      refusal = error.code;
    });
    socket.on('disconnect', (reason) => {
      if (socket !== this.#socket) {
        return;
      }
      this.#setConnection('offline');
      if (reason !== 'io server disconnect') {
        return; // socket.io reconnects by itself, with backoff
      }
      if (refusal === 'ORIGIN_NOT_ALLOWED') {
        this.#setConnection('refused');
      } else if (refusal === 'UNAUTHORIZED') {
        this.#forgetVisitor();
        this.#socket = undefined;
        void this.#openSession();
      } else {
        setTimeout(() => socket.connect(), 2000);
      }
    });
    socket.on('message:new', (message) => this.#add(message));
    socket.on('bot:reply:start', (event) => {
      this.#agentTypingUntil = 0;
      // One reply runs per conversation: a new one means any other was superseded, even if its end
      // event was lost or overtaken.
      this.#endRepliesExcept(event.replyId);
      this.#transcript?.applyStart(event);
      this.#changed();
    });
    socket.on('bot:reply:delta', (event) => {
      this.#transcript?.applyDelta(event);
      this.#changed();
    });
    socket.on('bot:reply:end', (event) => {
      const draft = this.#transcript?.streaming().find((reply) => reply.replyId === event.replyId);
      if (event.outcome === 'completed' && event.messageSeq !== null && draft !== undefined) {
        this.#ended.set(event.replyId, { text: draft.text, seq: event.messageSeq });
      }
      this.#transcript?.applyEnd(event);
      this.#changed();
    });
    socket.on('agent:typing', (event) => {
      this.#agentTypingUntil = event.isTyping ? Date.now() + AGENT_TYPING_TTL_MS : 0;
      this.#changed();
      if (event.isTyping) {
        setTimeout(() => this.#changed(), AGENT_TYPING_TTL_MS + 50);
      }
    });
    socket.on('conversation:status', (event) => {
      if (event.conversationId === this.#transcript?.conversationId) {
        this.#setStatus(event.status);
      }
    });
  }

  /** After every (re)connect: fetch what was missed, then send what waited. */
  async #catchUp(): Promise<void> {
    const socket = this.#socket;
    const transcript = this.#transcript;
    if (socket === undefined || transcript === undefined) {
      return;
    }
    for (;;) {
      const ack = await this.#ask<ResumeResult>(() =>
        socket.timeout(ACK_TIMEOUT_MS).emitWithAck('conversation:resume', {
          conversationId: transcript.conversationId,
          afterSeq: transcript.lastSeq,
        }),
      );
      if (ack === undefined || !ack.ok) {
        break;
      }
      ack.data.messages.forEach((message) => this.#add(message));
      ack.data.streaming.forEach((snapshot) => transcript.applySnapshot(snapshot));
      if (!ack.data.hasMore || ack.data.messages.length === 0) {
        // A reply we saw start but not end finished while we were away: its message came with the rest.
        const live = new Set(ack.data.streaming.map((snapshot) => snapshot.replyId));
        for (const reply of transcript.streaming()) {
          if (!live.has(reply.replyId)) {
            transcript.applyEnd({
              ...reply,
              conversationId: transcript.conversationId,
              outcome: 'completed',
              messageSeq: null,
            });
          }
        }
        break;
      }
    }
    this.#historyLoaded = true;
    this.#changed();
    await this.#sendIdentity();
    await this.#flush();
  }

  /** Sends the outbox in order, one acknowledged message at a time; each is sent once per attempt. */
  async #flush(): Promise<void> {
    if (this.#flushing) {
      return;
    }
    this.#flushing = true;
    try {
      for (;;) {
        const socket = this.#socket;
        const conversationId = this.#transcript?.conversationId;
        const next = this.#session.outbox.find((item) => item.state === 'pending');
        if (next === undefined || socket?.connected !== true || conversationId === undefined || !this.#historyLoaded) {
          return;
        }
        const ack = await this.#ask<MessageDto>(() =>
          socket
            .timeout(ACK_TIMEOUT_MS)
            .emitWithAck('message:send', { conversationId, clientMessageId: next.clientMessageId, text: next.text }),
        );
        if (ack === undefined) {
          // No answer (disconnected or slow): it stays pending; the next connect sends it again, idempotently.
          return;
        }
        if (ack.ok) {
          // The sending tab is not echoed its own message: the ack carries the stored one.
          this.#add(ack.data);
          this.#session.outbox = this.#session.outbox.filter((item) => item !== next);
        } else if (ack.error.retryable === true) {
          // The service cannot store anything right now (its database is restarting): the message stays
          // pending and goes again later with the same clientMessageId, so it is stored once.
          this.#retryFlushIn((ack.error.retryAfterSeconds ?? 5) * 1000);
          return;
        } else {
          next.state = 'failed';
        }
        this.#persist();
        this.#changed();
      }
    } finally {
      this.#flushing = false;
    }
  }

  #retryFlushIn(ms: number): void {
    if (this.#flushRetry === undefined) {
      this.#flushRetry = setTimeout(
        () => {
          this.#flushRetry = undefined;
          void this.#flush();
        },
        Math.min(Math.max(ms, 1000), 30_000),
      );
    }
  }

  async #sendIdentity(): Promise<void> {
    const identity = this.#pendingIdentity;
    if (identity === undefined || this.#socket?.connected !== true) {
      return;
    }
    const socket = this.#socket;
    const ack = await this.#ask<VisitorIdentityDto>(() =>
      socket.timeout(ACK_TIMEOUT_MS).emitWithAck('visitor:identify', identity),
    );
    if (ack?.ok === true && this.#pendingIdentity === identity) {
      this.#pendingIdentity = undefined;
    }
  }

  /** An acknowledged emit; undefined when no answer came (timeout or disconnect). */
  async #ask<T>(emit: () => Promise<unknown>): Promise<Ack<T> | undefined> {
    try {
      // socket.io's typings lose the ack type once `.timeout()` is applied; the event map fixes it.
      return (await emit()) as Ack<T>;
    } catch {
      return undefined;
    }
  }

  #add(message: MessageDto): void {
    const transcript = this.#transcript;
    if (transcript === undefined || message.conversationId !== transcript.conversationId) {
      return;
    }
    transcript.addMessage(message);
    if (message.feedback !== null && this.#ratings[message.id] === undefined) {
      this.#ratings[message.id] = message.feedback;
    }
    if (message.author === 'agent') {
      this.#agentTypingUntil = 0;
    }
    if (message.author !== 'customer') {
      // A reply that never wrote a token is not coming any more once the bot, an agent or the system answered.
      this.#endRepliesExcept(undefined, true);
    }
    if (!this.#seen.has(message.seq)) {
      this.#seen.add(message.seq);
      if (this.#historyLoaded) {
        this.#messageListeners.forEach((listener) => listener(message));
      }
    }
    this.#changed();
  }

  #endRepliesExcept(replyId: string | undefined, onlyEmpty = false): void {
    const transcript = this.#transcript;
    for (const reply of transcript?.streaming() ?? []) {
      if (reply.replyId !== replyId && (!onlyEmpty || reply.text === '')) {
        transcript?.applyEnd({
          replyId: reply.replyId,
          conversationId: transcript.conversationId,
          outcome: 'superseded',
          messageSeq: null,
        });
      }
    }
  }

  #setStatus(status: ConversationStatus): void {
    this.#status = status;
    const conversationId = this.#transcript?.conversationId ?? '';
    if (status === 'resolved') {
      this.#satisfaction = this.#session.rated.includes(conversationId) ? 'sent' : 'asked';
    } else if (this.#satisfaction === 'asked') {
      this.#satisfaction = 'none';
    }
    this.#changed();
  }

  #setConnection(state: ConnectionState): void {
    if (this.#connection !== state) {
      this.#connection = state;
      this.#changed();
    }
  }

  #persist(): void {
    this.#store.save(this.#session);
  }

  /** Listeners run at most once per frame: a burst of deltas draws once. */
  #changed(): void {
    if (this.#frame === 0) {
      this.#frame = requestAnimationFrame(() => {
        this.#frame = 0;
        this.#listeners.forEach((listener) => listener());
      });
    }
  }
}
