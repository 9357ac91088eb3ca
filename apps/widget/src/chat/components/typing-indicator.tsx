/** Three dots and the words for who is typing (the words are what screen readers get). */
export function TypingIndicator({ label }: { label: string }) {
  return (
    <li class="nd-typing">
      <span class="nd-dots" aria-hidden="true">
        <span />
        <span />
        <span />
      </span>
      <span>{label}</span>
    </li>
  );
}
