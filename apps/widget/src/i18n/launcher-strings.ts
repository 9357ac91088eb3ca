import type { WidgetLocale } from '@neodesk/contracts';

/** The few strings the loader draws before the chat bundle (and its tables) arrive. */
export interface LauncherStrings {
  /** The launcher's name until the workspace's own label is known. */
  open: string;
  close: string;
  unread: (count: number) => string;
}

export const LAUNCHER_STRINGS: Record<WidgetLocale, LauncherStrings> = {
  en: {
    open: 'Chat with us',
    close: 'Close chat',
    unread: (count) => (count === 1 ? '1 unread message' : `${count} unread messages`),
  },
  fr: {
    open: 'Discuter avec nous',
    close: 'Fermer la discussion',
    unread: (count) => (count === 1 ? '1 message non lu' : `${count} messages non lus`),
  },
  ar: {
    open: 'تحدّث معنا',
    close: 'إغلاق المحادثة',
    unread: (count) => (count === 1 ? 'رسالة واحدة غير مقروءة' : `${count} رسائل غير مقروءة`),
  },
};
