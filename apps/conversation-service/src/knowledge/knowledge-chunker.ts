/** One retrievable passage of an article: plain text under its nearest heading. */
export interface KnowledgeChunk {
  /** The nearest heading above the passage; the article's title when there is none. */
  heading: string;
  /** The heading, then the passage's sentences, as plain text. */
  text: string;
}

/**
 * Passages aim at this many words at most: three of them, with their titles, must fit the bundled model's
 * 512-token context beside the conversation (about 1.3 tokens a word).
 */
export const CHUNK_MAX_WORDS = 100;
/** A passage shorter than this takes the next paragraph of its section too, even past the maximum. */
export const CHUNK_MIN_WORDS = 40;
/** A single sentence longer than this is cut between words (no sentence end to cut at). */
const SENTENCE_MAX_WORDS = 140;

interface Section {
  heading: string;
  paragraphs: string[];
}

/**
 * Splits an article's Markdown into passages of plain text for retrieval: by heading, then by paragraph, then
 * by sentence, packing about 40-100 words into each, every passage starting with its nearest heading.
 * Links keep their text, images their alt text, code keeps its text, list items become sentences.
 */
export function chunkArticle(title: string, markdown: string): KnowledgeChunk[] {
  const chunks: KnowledgeChunk[] = [];
  for (const section of sections(title, markdown)) {
    for (const passage of pack(section.paragraphs.flatMap(splitLongParagraph))) {
      chunks.push({ heading: section.heading, text: withHeading(section.heading, title, passage) });
    }
  }
  return chunks;
}

function sections(title: string, markdown: string): Section[] {
  const result: Section[] = [];
  let current: Section = { heading: title, paragraphs: [] };
  let paragraph: string[] = [];
  let list: string[] = [];
  let fence: { marker: string; lines: string[] } | null = null;

  const flushParagraph = (): void => {
    const text = inline(paragraph.join(' '));
    if (text !== '') {
      current.paragraphs.push(text);
    }
    paragraph = [];
  };
  const flushList = (): void => {
    const items = list.map((item) => asSentence(inline(item))).filter((item) => item !== '');
    if (items.length > 0) {
      current.paragraphs.push(items.join(' '));
    }
    list = [];
  };
  const flushAll = (): void => {
    flushParagraph();
    flushList();
  };

  for (const rawLine of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    if (fence !== null) {
      if (rawLine.trim().startsWith(fence.marker)) {
        const code = fence.lines.join(' ').replace(/\s+/g, ' ').trim();
        if (code !== '') {
          current.paragraphs.push(code);
        }
        fence = null;
      } else {
        fence.lines.push(rawLine.trim());
      }
      continue;
    }
    const line = rawLine.replace(/^\s{0,3}(>\s?)+/, '').trimEnd();
    const fenceStart = /^\s*(```+|~~~+)/.exec(line);
    if (fenceStart !== null) {
      flushAll();
      fence = { marker: fenceStart[1], lines: [] };
      continue;
    }
    const heading = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading !== null) {
      flushAll();
      if (current.paragraphs.length > 0) {
        result.push(current);
      }
      const text = inline(heading[2]);
      current = { heading: text === '' ? title : text, paragraphs: [] };
      continue;
    }
    if (line.trim() === '' || /^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(line) || /^\s*\|?[\s:|-]+\|[\s:|-]*$/.test(line)) {
      // Blank line, thematic break or a table's delimiter row.
      flushAll();
      continue;
    }
    const item = /^\s*(?:[-*+]|\d{1,9}[.)])\s+(?:\[[ xX]\]\s+)?(.*)$/.exec(line);
    if (item !== null) {
      flushParagraph();
      list.push(item[1]);
      continue;
    }
    if (line.includes('|') && /^\s*\|/.test(line)) {
      // A table row: its cells as one sentence.
      flushAll();
      const cells = line
        .split('|')
        .map((cell) => inline(cell))
        .filter((cell) => cell !== '');
      if (cells.length > 0) {
        current.paragraphs.push(asSentence(cells.join(', ')));
      }
      continue;
    }
    if (list.length > 0 && /^\s+\S/.test(rawLine)) {
      // A list item's continuation line.
      list[list.length - 1] += ` ${line.trim()}`;
      continue;
    }
    flushList();
    paragraph.push(line.trim());
  }
  if (fence !== null) {
    const code = fence.lines.join(' ').replace(/\s+/g, ' ').trim();
    if (code !== '') {
      current.paragraphs.push(code);
    }
  }
  flushAll();
  if (current.paragraphs.length > 0) {
    result.push(current);
  }
  return result;
}

/** Private-use code points standing for backslash-escaped ASCII characters while the rules run. */
const ESCAPED = 0xe000;

/** Inline Markdown to plain text. */
export function inline(markdown: string): string {
  return (
    markdown
      // Escaped characters are set aside first, so no rule below reads them as syntax.
      .replace(/\\([\\`*_{}[\]()#+\-.!|>~<])/g, (_match, char: string) =>
        String.fromCharCode(ESCAPED + char.charCodeAt(0)),
      )
      // Images keep their alt text, links their text.
      .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1')
      .replace(/<((?:https?|mailto):[^>\s]+)>/g, '$1')
      // HTML tags.
      .replace(/<\/?[A-Za-z][^>]*>/g, '')
      // Code spans keep their text.
      .replace(/`+([^`]*)`+/g, '$1')
      // Emphasis and strike-through.
      .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, '$2')
      .replace(/(^|[^\w*])[*_](?=\S)(.+?)(?<=\S)[*_](?![\w*])/g, '$1$2')
      .replace(/~~(.+?)~~/g, '$1')
      .replace(/[\uE000-\uE07F]/g, (char) => String.fromCharCode(char.charCodeAt(0) - ESCAPED))
      .replace(/\s+/g, ' ')
      .trim()
  );
}

function asSentence(text: string): string {
  return text === '' || /[.!?:;…]["')\]]?$/.test(text) ? text : `${text}.`;
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter((word) => word !== '').length;
}

/** A paragraph over the maximum split into runs of whole sentences. */
function splitLongParagraph(paragraph: string): string[] {
  if (wordCount(paragraph) <= CHUNK_MAX_WORDS) {
    return [paragraph];
  }
  return sentences(paragraph).flatMap((sentence) => {
    const words = sentence.split(/\s+/);
    if (words.length <= SENTENCE_MAX_WORDS) {
      return [sentence];
    }
    const pieces: string[] = [];
    for (let i = 0; i < words.length; i += CHUNK_MAX_WORDS) {
      pieces.push(words.slice(i, i + CHUNK_MAX_WORDS).join(' '));
    }
    return pieces;
  });
}

/** Sentences: a run ending in . ! ? (or …), followed by a space and a capital letter, digit or quote. */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?…]["')\]]?)\s+(?=["'([]?[\p{Lu}\p{N}])/u)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence !== '');
}

/** Packs pieces (paragraphs or sentences of one section) into passages of at most CHUNK_MAX_WORDS words. */
function pack(pieces: string[]): string[] {
  const passages: string[] = [];
  let current: string[] = [];
  let words = 0;
  for (const piece of pieces) {
    const count = wordCount(piece);
    if (current.length > 0 && words + count > CHUNK_MAX_WORDS && words >= CHUNK_MIN_WORDS) {
      passages.push(current.join(' '));
      current = [];
      words = 0;
    }
    current.push(piece);
    words += count;
  }
  if (current.length > 0) {
    const last = current.join(' ');
    // A short tail joins the passage before it when the two stay near the maximum.
    const previous = passages.at(-1);
    if (previous !== undefined && words < CHUNK_MIN_WORDS / 2 && wordCount(previous) + words <= CHUNK_MAX_WORDS * 1.2) {
      passages[passages.length - 1] = `${previous} ${last}`;
    } else {
      passages.push(last);
    }
  }
  return passages;
}

function withHeading(heading: string, title: string, passage: string): string {
  if (heading.toLowerCase() === title.toLowerCase()) {
    return passage;
  }
  return `${asSentence(heading)} ${passage}`;
}
