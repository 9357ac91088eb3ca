import { MAX_MESSAGE_LENGTH, type MessageAuthor } from '@neodesk/contracts';
import { ConversationError, ConversationErrorCode } from '../conversations/conversation.error';

/** Bot and system texts are written by us, not typed by people; they get a looser bound. */
const MAX_GENERATED_LENGTH = 16_000;

/**
 * Checks a message text before it is stored: not blank, not too long, and valid Unicode.
 * PostgreSQL rejects NUL in text, and a lone surrogate cannot be encoded as UTF-8.
 */
export function validateMessageText(text: string, author: MessageAuthor): string {
  const limit = author === 'customer' || author === 'agent' ? MAX_MESSAGE_LENGTH : MAX_GENERATED_LENGTH;
  if (text.trim().length === 0) {
    throw new ConversationError(ConversationErrorCode.InvalidMessage, 'A message cannot be empty');
  }
  if (text.length > limit) {
    throw new ConversationError(
      ConversationErrorCode.InvalidMessage,
      `A message can have at most ${limit} characters (got ${text.length})`,
    );
  }
  if (!text.isWellFormed()) {
    throw new ConversationError(ConversationErrorCode.InvalidMessage, 'A message must be valid Unicode text');
  }
  if (text.includes('\u0000')) {
    throw new ConversationError(ConversationErrorCode.InvalidMessage, 'A message cannot contain NUL characters');
  }
  return text;
}
