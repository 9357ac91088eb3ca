/** Conversations just handed to a person: highlighted in the inbox until an agent opens them. */
const highlighted = new Set<string>();
const listeners = new Set<() => void>();
let snapshot: ReadonlySet<string> = new Set();

function changed(): void {
  snapshot = new Set(highlighted);
  listeners.forEach((listener) => listener());
}

export const highlightStore = {
  add: (id: string): void => {
    highlighted.add(id);
    changed();
  },
  remove: (id: string): void => {
    if (highlighted.delete(id)) {
      changed();
    }
  },
  get: (): ReadonlySet<string> => {
    return snapshot;
  },
  subscribe: (listener: () => void): (() => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
