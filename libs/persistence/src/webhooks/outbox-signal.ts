/**
 * Tells listeners in this process (the webhook dispatcher) that webhook deliveries were committed, so they
 * are sent at once instead of at the next poll. Other replicas find them by polling.
 */
export class OutboxSignal {
  private readonly listeners = new Set<() => void>();

  /** Returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notify(): void {
    for (const listener of this.listeners) {
      listener();
    }
  }
}
