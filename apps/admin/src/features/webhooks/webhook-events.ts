import type { WebhookEventType } from '@neodesk/contracts';

/** One line per event a webhook can subscribe to (the contracts' WEBHOOK_EVENT_TYPES). */
export const EVENT_DESCRIPTIONS: Readonly<Record<WebhookEventType, string>> = {
  'conversation.created': 'A visitor started a conversation.',
  'message.created': 'Any message was stored: the customer’s, the bot’s, an agent’s or a system notice.',
  'conversation.handoff': 'A conversation went to the human queue, with the reason.',
  'conversation.resolved': 'A conversation was marked resolved.',
  'feedback.created': 'A customer rated a bot reply (thumbs up or down) or changed the rating.',
  'satisfaction.created': 'A customer answered the satisfaction question of a resolved conversation.',
};
