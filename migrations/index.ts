import { CreateWorkspacesAndUsers1764150000000 } from './1764150000000-CreateWorkspacesAndUsers';
import { CreateConversationsAndMessages1764150000001 } from './1764150000001-CreateConversationsAndMessages';
import { CreateBotSettingsAndWebhooks1764150000002 } from './1764150000002-CreateBotSettingsAndWebhooks';
import { CreateRefreshTokens1795700734561 } from './1795700734561-CreateRefreshTokens';
import { AddWebhookDeliveryAttempts1795702300000 } from './1795702300000-AddWebhookDeliveryAttempts';
import { AddWebhookDeliveryRetentionIndex1795800000000 } from './1795800000000-AddWebhookDeliveryRetentionIndex';
import { IndexMessageAuthors1795800000001 } from './1795800000001-IndexMessageAuthors';
import { CreateWidgetSettingsAndSatisfaction1796231130834 } from './1796231130834-CreateWidgetSettingsAndSatisfaction';
import { CreateInstanceSecrets1796231200000 } from './1796231200000-CreateInstanceSecrets';
import { OrderWebhookDeliveriesPerConversation1796231300000 } from './1796231300000-OrderWebhookDeliveriesPerConversation';
import { CreateNotesAndCannedReplies1796232712381 } from './1796232712381-CreateNotesAndCannedReplies';
import { CreateConversationStatusChanges1796240000000 } from './1796240000000-CreateConversationStatusChanges';
import { CreateGuardrails1796250000000 } from './1796250000000-CreateGuardrails';
import { AddMessageTokenProbabilities1796250100000 } from './1796250100000-AddMessageTokenProbabilities';
import { CreateKnowledgeBase1796260000000 } from './1796260000000-CreateKnowledgeBase';
import { AddMessageSources1796260100000 } from './1796260100000-AddMessageSources';
import { CreateLoginThrottles1796270300000 } from './1796270300000-CreateLoginThrottles';

/** Every migration, oldest first. `npm run migration:generate` appends new ones here. */
export const MIGRATIONS = [
  CreateWorkspacesAndUsers1764150000000,
  CreateConversationsAndMessages1764150000001,
  CreateBotSettingsAndWebhooks1764150000002,
  CreateRefreshTokens1795700734561,
  AddWebhookDeliveryAttempts1795702300000,
  AddWebhookDeliveryRetentionIndex1795800000000,
  IndexMessageAuthors1795800000001,
  CreateWidgetSettingsAndSatisfaction1796231130834,
  CreateInstanceSecrets1796231200000,
  OrderWebhookDeliveriesPerConversation1796231300000,
  CreateNotesAndCannedReplies1796232712381,
  CreateConversationStatusChanges1796240000000,
  CreateGuardrails1796250000000,
  AddMessageTokenProbabilities1796250100000,
  CreateKnowledgeBase1796260000000,
  AddMessageSources1796260100000,
  CreateLoginThrottles1796270300000,
];
