import { splitLinks } from '../state/split-links';

/**
 * A message's text: web addresses become links (http and https only, opened in a new tab with no access
 * back to the page), everything else stays text. Never HTML: Preact sets text nodes.
 */
export function LinkedText({ text }: { text: string }) {
  return (
    <>
      {splitLinks(text).map((part, index) =>
        part.href === undefined ? (
          part.text
        ) : (
          <a key={index} href={part.href} target="_blank" rel="noopener noreferrer">
            {part.text}
          </a>
        ),
      )}
    </>
  );
}
