import { DEFAULT_GENERATION_PARAMETERS } from '@neodesk/contracts';
import type { BotSettingsValues } from '@neodesk/persistence';

/** What a new workspace's bot starts with; admins change it in the dashboard or over the API. */
export function defaultBotSettings(workspaceId: string): BotSettingsValues {
  return {
    workspaceId,
    botName: 'Neo',
    persona:
      "You are Neo, the support assistant of this shop. Answer briefly and politely, stay on the customer's " +
      'question, and offer a human agent when you cannot help.',
    greeting: 'Hi! I am Neo, the virtual assistant. How can I help you today?',
    fallbackMessage:
      'Sorry, I cannot answer right now. I have asked a member of our team to take over; they will reply here.',
    handoffPhrases: ['talk to a human', 'speak to a person', 'real person', 'human agent', 'speak to an agent'],
    ...DEFAULT_GENERATION_PARAMETERS,
  };
}
