/** Every keyboard shortcut, as the `?` dialog lists them (the handlers live with the pages that use them). */
export const SHORTCUTS: ReadonlyArray<{ keys: string; action: string }> = [
  { keys: 'j / k', action: 'Next / previous conversation' },
  { keys: '/', action: 'Search messages' },
  { keys: 't', action: 'Take over the conversation' },
  { keys: 'r', action: 'Write a reply' },
  { keys: 'n', action: 'Write a private note' },
  { keys: 'e', action: 'Resolve' },
  { keys: 'b', action: 'Hand back to the bot' },
  { keys: 'a', action: 'Assign to me' },
  { keys: 'Enter', action: 'Send (in the composer)' },
  { keys: 'Shift + Enter', action: 'New line (in the composer)' },
  { keys: '/shortcut', action: 'Insert a canned reply (in the composer)' },
  { keys: '?', action: 'Show this list' },
];
