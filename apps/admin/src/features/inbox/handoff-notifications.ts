import type { ConversationHandoffEvent, HandoffReason } from '@neodesk/contracts';
import { customerName } from './inbox-views';

const ASKED_KEY = 'neodesk:admin:notifications-asked';

const REASONS: Record<HandoffReason, string> = {
  visitor_request: 'asked for a person',
  handoff_phrase: 'asked for a person',
  agent_takeover: 'was taken over',
  api_request: 'was queued for a person',
  bot_unavailable: 'could not be answered by the bot',
  bot_failed: 'could not be answered by the bot',
  guardrail: 'was stopped by a reply check',
  low_confidence: 'was beyond what the bot is sure of',
  repeated_question: 'asked the same question again',
  negative_ratings: 'rated the bot down twice',
  no_answer: 'asked what the knowledge base does not answer',
};

export function notificationsSupported(): boolean {
  return typeof Notification !== 'undefined';
}

/** Whether the dashboard should offer notifications: supported, undecided, and not asked before. */
export function shouldOfferNotifications(): boolean {
  return notificationsSupported() && Notification.permission === 'default' && localStorage.getItem(ASKED_KEY) === null;
}

/** Asks once, from a click (browsers ignore requests without a user gesture). */
export async function askForNotifications(): Promise<NotificationPermission> {
  localStorage.setItem(ASKED_KEY, new Date().toISOString());
  return Notification.requestPermission();
}

export function notifyHandoff(event: ConversationHandoffEvent, onOpen: () => void): void {
  if (!notificationsSupported() || Notification.permission !== 'granted' || event.reason === 'agent_takeover') {
    return;
  }
  const notification = new Notification('Waiting for a person', {
    body: `${customerName(event.conversation)} ${REASONS[event.reason]}`,
    tag: event.conversation.id,
  });
  notification.onclick = () => {
    window.focus();
    onOpen();
    notification.close();
  };
}
