import type { HandoffReason } from '../bot/bot-reply';
import type { ConversationDto } from '../conversations/conversation.dto';
import type { MessageFeedbackDto } from '../messages/message-feedback.dto';
import type { MessageDto } from '../messages/message.dto';
import type { SatisfactionDto } from '../widget/widget-settings.dto';

/** Events a webhook endpoint can subscribe to. */
export const WEBHOOK_EVENT_TYPES = [
  'conversation.created',
  'message.created',
  'conversation.handoff',
  'conversation.resolved',
  'feedback.created',
  'satisfaction.created',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** The `data` of each event type. */
export interface WebhookEventDataMap {
  'conversation.created': { conversation: ConversationDto };
  /** Every stored message (customer, bot, agent, system); an idempotent retry stores nothing and sends nothing. */
  'message.created': { conversation: ConversationDto; message: MessageDto };
  /** The conversation went to the human queue (`waiting_human`); `reason` is null when none was given. */
  'conversation.handoff': { conversation: ConversationDto; reason: HandoffReason | null };
  'conversation.resolved': { conversation: ConversationDto };
  /** A bot message was rated (or its rating changed). */
  'feedback.created': { conversation: ConversationDto; message: MessageDto; feedback: MessageFeedbackDto };
  /** The customer answered the satisfaction question of a resolved conversation (or changed the answer). */
  'satisfaction.created': { conversation: ConversationDto; satisfaction: SatisfactionDto };
}

/** An event as the domain hands it to the outbox, written in the transaction of the change it describes. */
export type WebhookEventInput = {
  [K in WebhookEventType]: { workspaceId: string; type: K; data: WebhookEventDataMap[K] };
}[WebhookEventType];

/** The JSON body of every delivery. `id` is the event's id: the same for every endpoint that gets it. */
export interface WebhookEventBody<K extends WebhookEventType = WebhookEventType> {
  id: string;
  type: K;
  createdAt: string;
  workspaceId: string;
  data: WebhookEventDataMap[K];
}

/** Headers of every delivery (HTTP header names are case-insensitive; Node.js lower-cases them). */
export const WEBHOOK_HEADERS = {
  /** The delivery's id: the same on every attempt and redelivery, so receivers can drop duplicates. */
  id: 'Neodesk-Webhook-Id',
  /** Unix time in seconds when this attempt was signed. */
  timestamp: 'Neodesk-Webhook-Timestamp',
  /** `v1=<hex HMAC-SHA256 of "<timestamp>.<body>" keyed with the endpoint's secret>`. */
  signature: 'Neodesk-Webhook-Signature',
} as const;

/** The prefix of every webhook signing secret. */
export const WEBHOOK_SECRET_PREFIX = 'whsec_';
