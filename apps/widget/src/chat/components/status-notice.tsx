/** A notice about the conversation itself (a person is coming, it was resolved), not a stored message. */
export function StatusNotice({ text }: { text: string }) {
  return <li class="nd-notice">{text}</li>;
}
