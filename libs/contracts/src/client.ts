/**
 * The zod-free entry point of the contracts, for browser bundles (the web chat widget): every type a
 * client needs, and only the runtime pieces whose modules import nothing heavier than types
 * (`ConversationTranscript`, plain constants). The widget's tsconfig and build alias
 * `@neodesk/contracts` to this file, so importing a schema there fails to compile instead of
 * shipping zod to every visitor.
 */
export { ConversationTranscript } from './realtime/transcript';
export { REALTIME_NAMESPACES, MAX_REALTIME_PAYLOAD_BYTES } from './realtime/namespaces';
export { REALTIME_ERROR_CODES } from './realtime/ack';
export { CONVERSATION_STATUSES } from './conversations/conversation-status';
export { MAX_MESSAGE_LENGTH, MESSAGE_AUTHORS } from './messages/message-author';
export { BOT_REPLY_OUTCOMES } from './bot/bot-reply';

export type { Ack, AckCallback, RealtimeErrorBody, RealtimeErrorCode } from './realtime/ack';
export type { RealtimeNamespace } from './realtime/namespaces';
export type {
  AgentTypingEvent,
  ResumeResult,
  VisitorClientToServerEvents,
  VisitorServerToClientEvents,
} from './realtime/events';
export type {
  ConversationRefPayload,
  MessageFeedbackPayload,
  ResumeConversationPayload,
  SendMessagePayload,
  TypingPayload,
} from './realtime/payloads';
export type {
  BotReplyDeltaEvent,
  BotReplyEndEvent,
  BotReplyOutcome,
  BotReplySnapshot,
  BotReplyStartEvent,
  ConversationStatusEvent,
} from './bot/bot-reply';
export type { ConversationDto, CustomerProfile } from './conversations/conversation.dto';
export type { ConversationChannel, ConversationStatus } from './conversations/conversation-status';
export type { MessageDto, GenerationStats } from './messages/message.dto';
export type { MessageAuthor, MessageFeedback } from './messages/message-author';
export type { MessageFeedbackDto } from './messages/message-feedback.dto';
export type { WidgetSessionDto } from './widget/widget-session.dto';
export type {
  PreChatFieldMode,
  SatisfactionDto,
  SatisfactionPayload,
  VisitorIdentity,
  VisitorIdentityDto,
  WidgetConfigDto,
  WidgetLocale,
  WidgetPosition,
} from './widget/widget-settings.dto';
