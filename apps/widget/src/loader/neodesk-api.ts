import type { VisitorIdentity, WidgetLocale } from '@neodesk/contracts';
import type { WidgetEventName, WidgetEvents } from '../shared/widget-host';

/** `window.Neodesk`: the page's handle on the widget (README "Web chat widget"). */
export interface NeodeskApi {
  readonly version: string;
  open: () => void;
  close: () => void;
  toggle: () => void;
  identify: (identity: VisitorIdentity) => void;
  reset: () => void;
  setLocale: (locale: WidgetLocale) => void;
  on: <E extends WidgetEventName>(event: E, callback: WidgetEvents[E]) => () => void;
  /** Calls queued by the page before the loader ran stay possible after: `Neodesk.q.push(['open'])`. */
  readonly q: { push: (...calls: QueuedCall[]) => number };
}

export type QueuedCall = [keyof NeodeskApi, ...unknown[]];

type Listener = (...args: unknown[]) => void;

/** Listeners per event; one throwing listener does not stop the others or the widget. */
export class WidgetEventBus {
  readonly #listeners = new Map<WidgetEventName, Set<Listener>>();
  #readyFired = false;

  on<E extends WidgetEventName>(event: E, callback: WidgetEvents[E]): () => void {
    const set = this.#listeners.get(event) ?? new Set<Listener>();
    this.#listeners.set(event, set);
    set.add(callback as Listener);
    if (event === 'ready' && this.#readyFired) {
      queueMicrotask(() => (callback as Listener)());
    }
    return () => set.delete(callback as Listener);
  }

  emit<E extends WidgetEventName>(event: E, ...args: Parameters<WidgetEvents[E]>): void {
    this.#readyFired ||= event === 'ready';
    for (const listener of this.#listeners.get(event) ?? []) {
      try {
        listener(...args);
      } catch (error) {
        console.error('[neodesk] an event listener threw', error);
      }
    }
  }
}

/** Runs the calls a page queued with `window.Neodesk = window.Neodesk || { q: [] }` before we loaded. */
export function replayQueue(api: NeodeskApi, queued: unknown): void {
  if (!Array.isArray(queued)) {
    return;
  }
  for (const call of queued as unknown[]) {
    if (Array.isArray(call)) {
      api.q.push(call as QueuedCall);
    }
  }
}
