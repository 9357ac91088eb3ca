/** Every string the chat panel shows or announces. The workspace's own texts (title, greeting) come from its config. */
export interface ChatStrings {
  close: string;
  connection: { connecting: string; online: string; offline: string; refused: string };
  you: string;
  ai: string;
  aiLabel: string;
  agent: string;
  notice: string;
  writing: string;
  agentTyping: string;
  talkToPerson: string;
  handoffWaiting: string;
  handoffHuman: string;
  resolved: string;
  messageLabel: string;
  placeholder: string;
  send: string;
  sending: string;
  queued: string;
  failed: string;
  retry: string;
  helpful: string;
  notHelpful: string;
  satisfactionQuestion: string;
  score: (score: number) => string;
  scoreLow: string;
  scoreHigh: string;
  comment: string;
  sendRating: string;
  satisfactionThanks: string;
  preChatIntro: string;
  name: string;
  email: string;
  optional: string;
  startChat: string;
  /** What the live region says when a message is finished. */
  announce: (author: string, text: string) => string;
  messagesLabel: string;
  /** Under a bot answer: the knowledge-base article it drew on. */
  source: (title: string) => string;
}

/** English, in the chat bundle; French and Arabic are files of their own, loaded when shown (chat-strings-fr/ar). */
export const EN_STRINGS: ChatStrings = {
  close: 'Close chat',
  connection: {
    connecting: 'Connecting…',
    online: 'Online',
    offline: 'Offline: messages are sent when the connection is back',
    refused: 'Chat is not available on this page',
  },
  you: 'You',
  ai: 'AI',
  aiLabel: 'AI assistant',
  agent: 'Support agent',
  notice: 'Notice',
  writing: 'writing…',
  agentTyping: 'Someone from our team is typing…',
  talkToPerson: 'Talk to a person',
  handoffWaiting: 'Connecting you to a person. Someone from our team will answer here.',
  handoffHuman: 'You are now chatting with our team.',
  resolved: 'This conversation is marked as resolved.',
  messageLabel: 'Message',
  placeholder: 'Write a message…',
  send: 'Send',
  sending: 'Sending…',
  queued: 'Waiting for connection',
  failed: 'Not sent',
  retry: 'Retry',
  helpful: 'Helpful',
  notHelpful: 'Not helpful',
  satisfactionQuestion: 'How would you rate this conversation?',
  score: (score) => `${score} out of 5`,
  scoreLow: 'Poor',
  scoreHigh: 'Excellent',
  comment: 'Anything to add? (optional)',
  sendRating: 'Send rating',
  satisfactionThanks: 'Thank you for your rating!',
  preChatIntro: 'Before we start, please tell us who you are.',
  name: 'Name',
  email: 'E-mail',
  optional: 'optional',
  startChat: 'Start chat',
  announce: (author, text) => `${author}: ${text}`,
  messagesLabel: 'Conversation',
  source: (title) => `Source: ${title}`,
};
