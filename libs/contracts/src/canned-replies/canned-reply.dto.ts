/** A shortcut is typed after `/` in the composer: lowercase letters, digits, `-` and `_`. */
export const CANNED_REPLY_SHORTCUT_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;
export const MAX_CANNED_REPLY_SHORTCUT_LENGTH = 40;
export const MAX_CANNED_REPLY_TEXT_LENGTH = 4000;
/** Most canned replies one workspace keeps. */
export const MAX_CANNED_REPLIES = 500;

/** A saved answer of a workspace, inserted in the dashboard's composer with `/shortcut`. */
export interface CannedReplyDto {
  id: string;
  shortcut: string;
  text: string;
  createdAt: string;
  updatedAt: string;
}
