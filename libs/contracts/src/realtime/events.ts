import type {
  BotReplyDeltaEvent,
  BotReplyOutcome,
  BotReplyEndEvent,
  BotReplySnapshot,
  BotReplyStartEvent,
  ConversationHandoffEvent,
  ConversationStatusEvent,
} from '../bot/bot-reply';
import type {
  GenerationJob,
  JobAssignAnswer,
  JobDeltaEvent,
  JobDoneEvent,
  JobFailedEvent,
  WorkerHeartbeat,
  WorkerRegistration,
} from '../bot/generation-job';
import type { ConversationDto } from '../conversations/conversation.dto';
import type { MessageFeedbackDto } from '../messages/message-feedback.dto';
import type { MessageDto } from '../messages/message.dto';
import type { GuardrailDecisionEvent } from '../guardrails/guardrail-settings';
import type { NoteDto } from '../notes/note.dto';
import type { AgentPresenceDto } from '../presence/presence.dto';
import type { PresencePayload } from '../presence/presence-payload';
import type {
  SatisfactionDto,
  SatisfactionPayload,
  VisitorIdentity,
  VisitorIdentityDto,
} from '../widget/widget-settings.dto';
import type { AckCallback, RealtimeErrorBody } from './ack';
import type {
  ConversationRefPayload,
  MessageFeedbackPayload,
  ResumeConversationPayload,
  SendMessagePayload,
  TypingPayload,
} from './payloads';

/** What a client gets back from `conversation:resume`: stored messages, then replies still streaming. */
export interface ResumeResult {
  messages: MessageDto[];
  /** Replies being generated right now; live deltas with `index >= nextIndex` continue them. */
  streaming: BotReplySnapshot[];
  /** True when more stored messages follow: resume again after the last one. */
  hasMore: boolean;
}

/** What a visitor (the widget) may send on `/visitor`. */
export interface VisitorClientToServerEvents {
  /** Idempotent by clientMessageId: a retry acks the stored message. */
  'message:send': (payload: SendMessagePayload, ack: AckCallback<MessageDto>) => void;
  /** The messages after `afterSeq`, oldest first, and any reply still streaming (catching up after a reconnect). */
  'conversation:resume': (payload: ResumeConversationPayload, ack: AckCallback<ResumeResult>) => void;
  /** The "talk to a person" button: the bot stops and the conversation waits for an agent. */
  'handoff:request': (payload: ConversationRefPayload, ack: AckCallback<ConversationDto>) => void;
  /** Thumbs up or down on a bot message, with an optional comment; the last rating counts. */
  'message:feedback': (payload: MessageFeedbackPayload, ack: AckCallback<MessageFeedbackDto>) => void;
  /** The answer to the satisfaction question after a resolve (score 1-5, optional comment); the last counts. */
  'conversation:satisfaction': (payload: SatisfactionPayload, ack: AckCallback<SatisfactionDto>) => void;
  /** `identify()`: the visitor's name and e-mail, verified when the hash matches the workspace's secret. */
  'visitor:identify': (payload: VisitorIdentity, ack: AckCallback<VisitorIdentityDto>) => void;
  typing: (payload: TypingPayload) => void;
}

export interface AgentTypingEvent {
  conversationId: string;
  isTyping: boolean;
}

/** What the server pushes to a visitor's tabs. */
export interface VisitorServerToClientEvents {
  /** The handshake was accepted and the socket joined its rooms: events sent from now on are delivered. */
  'session:ready': (session: { workspaceId: string; visitorId: string }) => void;
  'message:new': (message: MessageDto) => void;
  /** "The bot is writing": a reply started streaming. */
  'bot:reply:start': (event: BotReplyStartEvent) => void;
  'bot:reply:delta': (event: BotReplyDeltaEvent) => void;
  'bot:reply:end': (event: BotReplyEndEvent) => void;
  'agent:typing': (event: AgentTypingEvent) => void;
  /** Who owns the conversation changed (bot, waiting for a human, an agent, resolved). */
  'conversation:status': (event: ConversationStatusEvent) => void;
  /** Sent before a refused connection is closed, and for events that carry no ack. */
  error: (error: RealtimeErrorBody) => void;
}

/** What an agent (the dashboard) may send on `/agent`; every event acts inside the agent's own workspace. */
export interface AgentClientToServerEvents {
  /** Replies as the agent; takes the conversation over first when a human does not own it yet. */
  'message:send': (payload: SendMessagePayload, ack: AckCallback<MessageDto>) => void;
  /** The agent owns the conversation from now on; a reply in flight is cancelled at once. */
  'conversation:takeover': (payload: ConversationRefPayload, ack: AckCallback<ConversationDto>) => void;
  'conversation:resolve': (payload: ConversationRefPayload, ack: AckCallback<ConversationDto>) => void;
  /** The bot answers the next customer message again. */
  'conversation:handback': (payload: ConversationRefPayload, ack: AckCallback<ConversationDto>) => void;
  'conversation:resume': (payload: ResumeConversationPayload, ack: AckCallback<ResumeResult>) => void;
  /** This tab's presence (online or away); the ack and every agent get the workspace's list. */
  'presence:set': (payload: PresencePayload, ack: AckCallback<AgentPresenceDto[]>) => void;
  typing: (payload: TypingPayload) => void;
}

export interface MessageNewEvent {
  conversation: ConversationDto;
  message: MessageDto;
}

export interface VisitorTypingEvent {
  conversationId: string;
  visitorId: string;
  isTyping: boolean;
}

/** What the server pushes to the agents of a workspace (the dashboard). */
export interface AgentServerToClientEvents {
  /** The token was accepted and the socket joined its workspace's room. */
  'session:ready': (session: { workspaceId: string; userId: string }) => void;
  'message:new': (event: MessageNewEvent) => void;
  'visitor:typing': (event: VisitorTypingEvent) => void;
  /** A conversation needs a human (with why); agents should pick it up. */
  'conversation:handoff': (event: ConversationHandoffEvent) => void;
  /** Status, assignee or labels changed. */
  'conversation:updated': (conversation: ConversationDto) => void;
  'bot:reply:start': (event: BotReplyStartEvent) => void;
  'bot:reply:delta': (event: BotReplyDeltaEvent) => void;
  'bot:reply:end': (event: BotReplyEndEvent) => void;
  /** A visitor rated a bot message (a new or changed rating). */
  'message:feedback': (feedback: MessageFeedbackDto) => void;
  /** An agent wrote a private note (agents only: never sent to the visitor or to webhooks). */
  'note:new': (note: NoteDto) => void;
  /** A guardrail stopped a reply, handed over or flagged a message (see GUARDRAIL_RULES). */
  'guardrail:decision': (event: GuardrailDecisionEvent) => void;
  /** Who has the dashboard open and whether they are away; sent when a tab connects, leaves or changes. */
  'presence:changed': (agents: AgentPresenceDto[]) => void;
  error: (error: RealtimeErrorBody) => void;
}

/** What an inference worker may send on `/worker`. */
export interface WorkerClientToServerEvents {
  /** Must come first; jobs are only assigned to registered workers. */
  'worker:register': (registration: WorkerRegistration, ack: AckCallback<{ workerId: string }>) => void;
  'worker:heartbeat': (heartbeat: WorkerHeartbeat) => void;
  'job:delta': (event: JobDeltaEvent) => void;
  'job:done': (event: JobDoneEvent) => void;
  'job:failed': (event: JobFailedEvent) => void;
}

/** What the service sends a worker. */
export interface WorkerServerToClientEvents {
  'session:ready': (session: { workerId: string }) => void;
  /** Answered at once: accepted (it is queued or running) or refused (busy, invalid). */
  'job:assign': (job: GenerationJob, ack: (answer: JobAssignAnswer) => void) => void;
  /** Stop the job; the worker sends nothing more for it. */
  'job:cancel': (event: { jobId: string }) => void;
  error: (error: RealtimeErrorBody) => void;
}

/**
 * Server-to-server events between replicas over the Redis adapter (bot replies live on the replica their
 * worker is connected to). Internal: `ticket` is the service's own reply record.
 */
export interface RealtimeInterServerEvents {
  /** A reply for a worker connected to another replica. */
  'replies:dispatch': (event: { workerSocketId: string; ticket: unknown }) => void;
  /** Cancel every reply of a conversation wherever its worker is connected. */
  'replies:cancel': (event: {
    workspaceId: string;
    conversationId: string;
    outcome: 'cancelled' | 'superseded';
    exceptReplyId?: string;
  }) => void;
  /** A reply ended: callers waiting for it on other replicas (REST `?wait=true`) get the answer. */
  'replies:ended': (event: { replyId: string; outcome: BotReplyOutcome; messageSeq: number | null }) => void;
  /**
   * The dashboard sockets of a workspace connected to a replica, with their presence (asked of every
   * replica instead of fetchSockets, whose remote form would serialize the sockets' private data).
   */
  'presence:local': (
    workspaceId: string,
    answer: (entries: Array<{ userId: string; status: AgentPresenceDto['status'] }>) => void,
  ) => void;
  /** Replies of a conversation streaming on a replica, for a client resuming on another one. */
  'replies:snapshot': (
    conversation: { workspaceId: string; conversationId: string },
    answer: (snapshots: BotReplySnapshot[]) => void,
  ) => void;
  /** Whether a replica holds a reply of the conversation in any phase (waiting for a worker included). */
  'replies:live': (
    conversation: { workspaceId: string; conversationId: string },
    answer: (live: boolean) => void,
  ) => void;
}
