export * from './conversations/conversation-status';
export * from './conversations/conversation.dto';
export * from './messages/message-author';
export * from './messages/message.dto';
export * from './workspaces/bot-settings.dto';
export * from './workspaces/user-role';
export * from './realtime';
