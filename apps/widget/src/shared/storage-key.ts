/** Where a visitor's session, conversation and outbox are kept, one entry per widget key. */
export function storageKey(widgetKey: string): string {
  return `neodesk:${widgetKey}`;
}
