import type { MessageDto, VisitorIdentity, WidgetConfigDto, WidgetLocale } from '@neodesk/contracts';

/** Events a page can listen to with `Neodesk.on(event, callback)`. */
export interface WidgetEvents {
  ready: () => void;
  open: () => void;
  close: () => void;
  /** A new message in the conversation (not the history loaded on start). */
  message: (message: MessageDto) => void;
  /** Messages from the bot, an agent or the system that arrived while the panel was closed. */
  unread: (count: number) => void;
}
export type WidgetEventName = keyof WidgetEvents;

/**
 * What the loader hands the chat bundle when it mounts: the shadow root it drew the launcher in, the
 * config it fetched, and the state the page's JS API changes. Types only: the two bundles share no code, and
 * what both need (adopting a stylesheet) the loader lends through this object instead of the chat shipping it.
 */
export interface WidgetHost {
  readonly root: ShadowRoot;
  /** The element the chat panel renders into (inside the shadow root). */
  readonly panelSlot: HTMLElement;
  readonly launcher: HTMLButtonElement;
  readonly serviceOrigin: string;
  readonly widgetKey: string;
  readonly config: WidgetConfigDto;
  /** Adopts a stylesheet with these rules into the shadow root (the loader's helper, not shipped twice). */
  addSheet(css: string): CSSStyleSheet;
  isOpen(): boolean;
  locale(): WidgetLocale;
  close(): void;
  /** Called on open, close and locale changes. */
  onChange(listener: () => void): () => void;
  emit<E extends WidgetEventName>(event: E, ...args: Parameters<WidgetEvents[E]>): void;
  setUnread(count: number): void;
}

/** What the chat bundle gives back to the loader. */
export interface ChatHandle {
  /** Starts (or resumes) the visitor's session; the loader calls it on first open or for a returning visitor. */
  start(): void;
  identify(identity: VisitorIdentity): void;
  /** Forgets the visitor (storage, session, outbox) and starts over on next open. */
  reset(): void;
}

export type MountChat = (host: WidgetHost) => ChatHandle;
