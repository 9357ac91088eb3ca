import type { VisitorIdentity } from '@neodesk/contracts';
import { storageKey } from '../../shared/storage-key';

/** A message typed by the visitor that the server has not acknowledged yet. */
export interface OutboxItem {
  clientMessageId: string;
  text: string;
  createdAt: string;
  /** `failed`: the server refused it; only the visitor's Retry sends it again. */
  state: 'pending' | 'failed';
}

/** What survives a reload: who the visitor is, their conversation, and what they typed that is not stored yet. */
export interface StoredSession {
  visitorId?: string;
  visitorToken?: string;
  conversationId?: string;
  outbox: OutboxItem[];
  /** Set once the pre-chat form was answered or identify() was called. */
  identity?: VisitorIdentity;
  /** Conversations whose satisfaction question was answered. */
  rated: string[];
}

export class SessionStore {
  private readonly key: string;

  constructor(widgetKey: string) {
    this.key = storageKey(widgetKey);
  }

  load(): StoredSession {
    try {
      const raw = localStorage.getItem(this.key);
      const parsed = raw === null ? {} : (JSON.parse(raw) as Partial<StoredSession>);
      return { ...parsed, outbox: parsed.outbox ?? [], rated: parsed.rated ?? [] };
    } catch {
      // Storage blocked (privacy mode) or garbage: start a fresh visitor.
      return { outbox: [], rated: [] };
    }
  }

  save(session: StoredSession): void {
    try {
      localStorage.setItem(this.key, JSON.stringify(session));
    } catch {
      // Quota or blocked storage: the conversation still works for this page view.
    }
  }

  clear(): void {
    try {
      localStorage.removeItem(this.key);
    } catch {
      // see save()
    }
  }
}

/** Random ids without crypto.randomUUID, which pages served over plain http do not have. */
export function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
