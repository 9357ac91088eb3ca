export { ApiKeyEntity } from './api-keys/api-key.entity';
export { ApiKeysRepository } from './api-keys/api-keys.repository';
export type { NewApiKey } from './api-keys/api-keys.repository';
export { BotSettingsEntity } from './bot-settings/bot-settings.entity';
export { BotSettingsRepository } from './bot-settings/bot-settings.repository';
export type { BotSettingsValues } from './bot-settings/bot-settings.repository';
export { ConversationEntity } from './conversations/conversation.entity';
export { ConversationsRepository } from './conversations/conversations.repository';
export type {
  ConversationListFilter,
  ConversationPosition,
  ConversationSearch,
  ConversationStatusChange,
  NewConversation,
} from './conversations/conversations.repository';
export { DatabaseHealthIndicator } from './database/database-health';
export type { DatabaseHealth } from './database/database-health';
export { DataDirLock } from './database/data-dir-lock';
export { DatabaseError, DatabaseErrorCode } from './database/database.error';
export { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from './database/database-unavailable';
export { EmbeddedPostgres } from './database/embedded-postgres';
export { BACKUP_SOCKET, backupEmbedded, restoreEmbedded } from './database/embedded-backup';
export type { BackupArchive } from './database/embedded-backup';
export { OpenDatabase, applyMigrations, createDataSource, openDatabase } from './database/open-database';
export type { DatabaseEvents } from './database/open-database';
export { Repositories, UnitOfWork } from './database/unit-of-work';
export { ENTITIES } from './entities';
export { InstanceSecretEntity } from './instance-secrets/instance-secret.entity';
export { InstanceSecretsRepository } from './instance-secrets/instance-secrets.repository';
export { AdvisoryLocks } from './locks/advisory-locks';
export { MessageEntity } from './messages/message.entity';
export { MessageFeedbackRepository } from './messages/message-feedback.repository';
export type { MessageRef } from './messages/message-feedback.repository';
export { MessagesRepository } from './messages/messages.repository';
export type { MessagePageQuery, MessageSearchHit, NewMessage } from './messages/messages.repository';
export { PersistenceModule } from './persistence.module';
export { RefreshTokenEntity } from './refresh-tokens/refresh-token.entity';
export { RefreshTokensRepository } from './refresh-tokens/refresh-tokens.repository';
export type { NewRefreshToken } from './refresh-tokens/refresh-tokens.repository';
export { ConversationSatisfactionEntity } from './satisfaction/conversation-satisfaction.entity';
export { ConversationSatisfactionRepository } from './satisfaction/conversation-satisfaction.repository';
export type { SatisfactionAnswer } from './satisfaction/conversation-satisfaction.repository';
export { ReportsRepository } from './reports/reports.repository';
export type {
  ExportPosition,
  TrainingCandidate,
  TrainingCandidateFilter,
  TranscriptFilter,
  TranscriptPosition,
  TranscriptRow,
} from './reports/reports.repository';
export type { PersistenceOptions } from './persistence.module';
export { SupportReportsRepository } from './reporting/support-reports.repository';
export type {
  AgentReportRow,
  ConversationReportRow,
  LiveReportRow,
  MessageReportRow,
  ReportRange,
} from './reporting/support-reports.repository';
export { ConversationStatusChangeEntity } from './status-changes/conversation-status-change.entity';
export { GuardrailDecisionEntity } from './guardrails/guardrail-decision.entity';
export { GuardrailSettingsEntity } from './guardrails/guardrail-settings.entity';
export { GuardrailsRepository } from './guardrails/guardrails.repository';
export type { GuardrailDecisionValues } from './guardrails/guardrails.repository';
export { ConversationStatusChangesRepository } from './status-changes/conversation-status-changes.repository';
export type { NewStatusChange } from './status-changes/conversation-status-changes.repository';
export { UserEntity } from './users/user.entity';
export { UsersRepository } from './users/users.repository';
export type { NewUser, UserChanges } from './users/users.repository';
export { OutboxSignal } from './webhooks/outbox-signal';
export { ABANDONED_ATTEMPT_ERROR, WebhookDeliveriesRepository } from './webhooks/webhook-deliveries.repository';
export type {
  ClaimedDelivery,
  DeliveryAttemptResult,
  DeliveryPageQuery,
} from './webhooks/webhook-deliveries.repository';
export { WebhookDeliveryAttemptEntity } from './webhooks/webhook-delivery-attempt.entity';
export { WebhookDeliveryEntity, WEBHOOK_DELIVERY_STATUSES } from './webhooks/webhook-delivery.entity';
export type { WebhookDeliveryStatus } from './webhooks/webhook-delivery.entity';
export { WebhookEntity } from './webhooks/webhook.entity';
export { WebhooksRepository } from './webhooks/webhooks.repository';
export type { NewWebhook, WebhookChanges } from './webhooks/webhooks.repository';
export { WIDGET_SETTINGS_DEFAULTS, WidgetSettingsEntity } from './widget-settings/widget-settings.entity';
export { WidgetSettingsRepository } from './widget-settings/widget-settings.repository';
export type { WidgetSettingsChanges } from './widget-settings/widget-settings.repository';
export { WorkspaceEntity } from './workspaces/workspace.entity';
export { WorkspacesRepository } from './workspaces/workspaces.repository';
export type { NewWorkspace } from './workspaces/workspaces.repository';
export { ConversationNoteEntity } from './notes/conversation-note.entity';
export { ConversationNotesRepository } from './notes/conversation-notes.repository';
export type { NewNote } from './notes/conversation-notes.repository';
export { CannedReplyEntity } from './canned-replies/canned-reply.entity';
export { CannedRepliesRepository } from './canned-replies/canned-replies.repository';
export type { CannedReplyChanges } from './canned-replies/canned-replies.repository';
export { InboxRepository } from './inbox/inbox.repository';
export type { InboxCounts } from './inbox/inbox.repository';
export { KnowledgeArticleEntity } from './knowledge/knowledge-article.entity';
export { KnowledgeChunkEntity } from './knowledge/knowledge-chunk.entity';
export { KnowledgeRepository } from './knowledge/knowledge.repository';
export type {
  KnowledgeArticleChanges,
  KnowledgeArticleFilter,
  KnowledgeSearchHit,
  KnowledgeSearchQuery,
  NewKnowledgeArticle,
  NewKnowledgeChunk,
} from './knowledge/knowledge.repository';
export { LoginThrottleEntity } from './login-throttles/login-throttle.entity';
export { LoginThrottlesRepository } from './login-throttles/login-throttles.repository';
export type { LoginAttempt, LoginThrottlePolicy } from './login-throttles/login-throttles.repository';
