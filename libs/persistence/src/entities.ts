import { ApiKeyEntity } from './api-keys/api-key.entity';
import { BotSettingsEntity } from './bot-settings/bot-settings.entity';
import { ConversationEntity } from './conversations/conversation.entity';
import { MessageEntity } from './messages/message.entity';
import { RefreshTokenEntity } from './refresh-tokens/refresh-token.entity';
import { UserEntity } from './users/user.entity';
import { WebhookDeliveryAttemptEntity } from './webhooks/webhook-delivery-attempt.entity';
import { WebhookDeliveryEntity } from './webhooks/webhook-delivery.entity';
import { WebhookEntity } from './webhooks/webhook.entity';
import { WorkspaceEntity } from './workspaces/workspace.entity';
import { ConversationSatisfactionEntity } from './satisfaction/conversation-satisfaction.entity';
import { WidgetSettingsEntity } from './widget-settings/widget-settings.entity';
import { InstanceSecretEntity } from './instance-secrets/instance-secret.entity';
import { ConversationNoteEntity } from './notes/conversation-note.entity';
import { CannedReplyEntity } from './canned-replies/canned-reply.entity';
import { ConversationStatusChangeEntity } from './status-changes/conversation-status-change.entity';
import { GuardrailDecisionEntity } from './guardrails/guardrail-decision.entity';
import { GuardrailSettingsEntity } from './guardrails/guardrail-settings.entity';
import { KnowledgeArticleEntity } from './knowledge/knowledge-article.entity';
import { KnowledgeChunkEntity } from './knowledge/knowledge-chunk.entity';
import { LoginThrottleEntity } from './login-throttles/login-throttle.entity';

export const ENTITIES = [
  WorkspaceEntity,
  UserEntity,
  ApiKeyEntity,
  RefreshTokenEntity,
  ConversationEntity,
  MessageEntity,
  BotSettingsEntity,
  WebhookEntity,
  WebhookDeliveryEntity,
  WebhookDeliveryAttemptEntity,
  WidgetSettingsEntity,
  ConversationSatisfactionEntity,
  InstanceSecretEntity,
  ConversationNoteEntity,
  CannedReplyEntity,
  ConversationStatusChangeEntity,
  GuardrailSettingsEntity,
  GuardrailDecisionEntity,
  KnowledgeArticleEntity,
  KnowledgeChunkEntity,
  LoginThrottleEntity,
];
