/** Polite announcements of finished messages, never of single tokens; visually hidden. */
export function LiveRegion({ text }: { text: string }) {
  return (
    <div class="nd-sr-only" role="status" aria-live="polite" aria-atomic="true">
      {text}
    </div>
  );
}
