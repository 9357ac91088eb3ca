import type { MessageDto } from '../messages/message.dto';
import type { UserRole } from '../workspaces/user-role';

/** The dashboard's inbox views. */
export const INBOX_VIEWS = ['mine', 'unassigned', 'waiting', 'bot', 'resolved', 'all'] as const;
export type InboxView = (typeof INBOX_VIEWS)[number];

/** How many conversations each view holds for the calling agent. */
export type InboxCountsDto = Record<InboxView, number>;

/** One conversation's preview line: its newest message, or with `q` its newest message matching the words. */
export interface InboxPreviewDto {
  conversationId: string;
  message: MessageDto;
}

/** A person of the workspace as other agents see them (assignees, authors). */
export interface TeammateDto {
  id: string;
  displayName: string;
  role: UserRole;
  isActive: boolean;
}
