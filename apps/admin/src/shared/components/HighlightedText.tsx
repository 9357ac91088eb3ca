import { Fragment } from 'react';

/** The words of a search, for highlighting (case-insensitive, whole or partial). */
export function searchWords(query: string): string[] {
  return query
    .toLowerCase()
    .split(/[\s\p{P}]+/u)
    .filter((word) => word.length > 0);
}

/**
 * Text with the searched words wrapped in <mark>: React elements and text nodes only, never HTML, so a
 * message containing markup is shown as the characters it is.
 */
export function HighlightedText({ text, words }: { text: string; words: readonly string[] }) {
  if (words.length === 0) {
    return <>{text}</>;
  }
  const lower = text.toLowerCase();
  const parts: Array<{ text: string; marked: boolean }> = [];
  let position = 0;
  while (position < text.length) {
    let best: { at: number; length: number } | null = null;
    for (const word of words) {
      const at = lower.indexOf(word, position);
      if (at !== -1 && (best === null || at < best.at || (at === best.at && word.length > best.length))) {
        best = { at, length: word.length };
      }
    }
    if (best === null) {
      parts.push({ text: text.slice(position), marked: false });
      break;
    }
    if (best.at > position) {
      parts.push({ text: text.slice(position, best.at), marked: false });
    }
    parts.push({ text: text.slice(best.at, best.at + best.length), marked: true });
    position = best.at + best.length;
  }
  return (
    <>
      {parts.map((part, index) =>
        part.marked ? <mark key={index}>{part.text}</mark> : <Fragment key={index}>{part.text}</Fragment>,
      )}
    </>
  );
}
