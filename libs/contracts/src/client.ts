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

// The agent dashboard (apps/admin) reads the same entry.
export { INBOX_VIEWS } from './inbox/inbox.dto';
export { MAX_NOTE_LENGTH } from './notes/note.dto';
export { CANNED_REPLY_SHORTCUT_PATTERN } from './canned-replies/canned-reply.dto';
export { HANDOFF_REASONS } from './bot/bot-reply';
export type {
  AgentClientToServerEvents,
  AgentServerToClientEvents,
  MessageNewEvent,
  VisitorTypingEvent,
} from './realtime/events';
export type { ConversationHandoffEvent, HandoffReason } from './bot/bot-reply';
export type { NoteDto } from './notes/note.dto';
export type { AgentPresenceDto, AgentPresenceStatus } from './presence/presence.dto';
export type { CannedReplyDto } from './canned-replies/canned-reply.dto';
export type { InboxCountsDto, InboxPreviewDto, InboxView, TeammateDto } from './inbox/inbox.dto';
export type { AuthUserDto, LoginResponseDto } from './auth/login.dto';
export type { ConversationPageDto } from './conversations/conversation-api.dto';
export type { UserRole } from './workspaces/user-role';
export type { ProblemDetailsDto } from './errors/problem-details.dto';
// The bot and widget settings pages.
export {
  BOT_SETTINGS_LIMITS,
  DEFAULT_GENERATION_PARAMETERS,
  GENERATION_PARAMETER_LIMITS,
} from './workspaces/bot-settings.dto';
export { BOT_PREVIEW_LIMITS } from './bot/bot-preview';
export {
  PRE_CHAT_FIELD_MODES,
  RTL_WIDGET_LOCALES,
  WIDGET_COLOR_PATTERN,
  WIDGET_LOCALES,
  WIDGET_POSITIONS,
  WIDGET_SETTINGS_LIMITS,
} from './widget/widget-options';
export { MAX_ALLOWED_ORIGINS, MAX_ALLOWED_ORIGIN_LENGTH, parseAllowedOrigin } from './workspaces/allowed-origin';
export type { BotSettingsDto, GenerationParameters } from './workspaces/bot-settings.dto';
export type { BotPreviewDto, BotPreviewMessage, BotPreviewStats } from './bot/bot-preview';
export type { IdentitySecretDto, WidgetSettingsDto } from './widget/widget-settings.dto';
export type { WorkspaceSettingsDto } from './workspaces/workspace-api.dto';

// Admin settings: users, API keys and webhooks (the forms check the API's own limits).
export { USER_ROLES, API_KEY_SCOPES } from './workspaces/user-role';
export {
  MAX_USER_DISPLAY_NAME,
  MAX_USER_EMAIL_LENGTH,
  USER_EMAIL_PATTERN,
  USER_PASSWORD_LIMITS,
  USER_REMOVAL_OUTCOMES,
} from './users/user-limits';
export { API_KEY_PREFIX, MAX_API_KEY_NAME } from './api-keys/api-key-limits';
export {
  MAX_WEBHOOK_DESCRIPTION,
  MAX_WEBHOOK_URL_LENGTH,
  WEBHOOK_DELIVERY_STATUS_VALUES,
} from './webhooks/webhook-limits';
export { WEBHOOK_EVENT_TYPES, WEBHOOK_HEADERS, WEBHOOK_SECRET_PREFIX } from './webhooks/webhook-events';
export type { ApiKeyScope } from './workspaces/user-role';
export type { UserRemovalOutcome } from './users/user-limits';
export type { WebhookDeliveryStatusValue } from './webhooks/webhook-limits';
export type { WebhookEventType } from './webhooks/webhook-events';
export type { ApiKeyDto, CreateApiKeyRequest, CreatedApiKeyDto } from './api-keys/api-key.dto';
export type { CreateUserRequest, RemovedUserDto, UpdateUserRequest, UserDto } from './users/user-api.dto';
export type {
  CreateWebhookRequest,
  UpdateWebhookRequest,
  WebhookDeliveryAttemptDto,
  WebhookDeliveryDto,
  WebhookDeliveryPageDto,
  WebhookDto,
  WebhookWithSecretDto,
} from './webhooks/webhook-api.dto';

// The reports and live operations pages.
export { REPORT_GROUPINGS, REPORT_MAX_RANGE_DAYS } from './reports/report-limits';
export type { ReportGrouping } from './reports/report-limits';
export type {
  AgentReportDto,
  ConversationFiguresDto,
  ConversationReportDto,
  LiveReportDto,
  MessageFiguresDto,
  MessageReportDto,
} from './reports/report-api.dto';
export type { WorkerDto, WorkerListDto } from './workers/worker-api.dto';

// Guardrails (zod-free settings, limits, rules and decisions).
export {
  ALLOWED_LINK_DOMAIN_PATTERN,
  DEFAULT_GUARDRAIL_SETTINGS,
  GUARDRAIL_ACTIONS,
  GUARDRAIL_LIMITS,
  GUARDRAIL_RULES,
} from './guardrails/guardrail-settings';
export type {
  GuardrailAction,
  GuardrailDecisionDto,
  GuardrailDecisionEvent,
  GuardrailRule,
  GuardrailSettings,
  GuardrailSettingsDto,
} from './guardrails/guardrail-settings';

// The knowledge base page: zod-free limits and the checks of knowledgeArticleFieldSchemas (held equal by a spec).
export {
  KNOWLEDGE_ARTICLE_STATUSES,
  KNOWLEDGE_TAG_PATTERN,
  MAX_KNOWLEDGE_BODY_LENGTH,
  MAX_KNOWLEDGE_IMPORT_ARTICLES,
  MAX_KNOWLEDGE_IMPORT_BYTES,
  MAX_KNOWLEDGE_QUERY_LENGTH,
  MAX_KNOWLEDGE_RESULTS,
  MAX_KNOWLEDGE_TAG_LENGTH,
  MAX_KNOWLEDGE_TAGS,
  MAX_KNOWLEDGE_TITLE_LENGTH,
} from './knowledge/knowledge-article.dto';
export {
  knowledgeBodyProblem,
  knowledgeTagsProblem,
  knowledgeTitleProblem,
  normalizeKnowledgeTags,
} from './knowledge/knowledge-article-checks';
export type { KnowledgeFieldProblem } from './knowledge/knowledge-article-checks';
export type {
  KnowledgeArticleDto,
  KnowledgeArticleStatus,
  KnowledgePassageDto,
  MessageSourceDto,
} from './knowledge/knowledge-article.dto';
export type {
  CreateKnowledgeArticleRequest,
  ImportKnowledgeArticlesRequest,
  ImportKnowledgeArticlesResultDto,
  KnowledgeArticleListQuery,
  KnowledgeSearchRequest,
  KnowledgeSearchResultDto,
  UpdateKnowledgeArticleRequest,
} from './knowledge/knowledge-article-api.dto';
