/** Longest private note. */
export const MAX_NOTE_LENGTH = 4000;

/** A private note on a conversation: agents only, never sent to the visitor or to webhooks. */
export interface NoteDto {
  id: string;
  conversationId: string;
  /** The agent who wrote it; null once that user is deleted. */
  authorUserId: string | null;
  authorName: string | null;
  text: string;
  createdAt: string;
}
