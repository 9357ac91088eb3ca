/** A bot reply being written, token by token, with the button that stops it and hands the chat to the agent. */
export function StreamingReply({ text, onTakeOver, busy }: { text: string; onTakeOver: () => void; busy: boolean }) {
  return (
    <li className="message message--bot message--streaming" aria-busy="true">
      <div className="message__head">
        <span className="message__author">Bot</span>
        <span className="badge badge--ai">AI</span>
        <span className="message__time">writing…</span>
      </div>
      <p className="message__text">
        {text}
        <span className="caret" aria-hidden="true" />
      </p>
      <div className="message__foot">
        <button type="button" className="button button--danger" onClick={onTakeOver} disabled={busy}>
          Take over
        </button>
      </div>
    </li>
  );
}
