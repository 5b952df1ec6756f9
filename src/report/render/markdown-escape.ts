import { termSafe } from './escape.js';

// Log text in Markdown must read exactly as the log has it, whatever renders it: GitHub and
// other CommonMark/GFM renderers, pandoc (whose default "smart" extension turns "..." into
// curly quotes, -- into a dash and ... into an ellipsis, and whose $…$, ^…^ and ~…~ are math,
// superscript and subscript), wikis and ticket systems.

const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

// These get a backslash (CommonMark lets any ASCII punctuation be escaped): emphasis, code,
// links, tables, attributes, math, super/subscript and smart quotes; a run of dashes or dots
// too (pandoc's dashes and ellipsis). < > & become entities instead, so no HTML gets through.
// The rest ("( ) ! # + - ." alone) means something only next to an escaped bracket or at the
// start of a line, which this text never is: left bare, so the source stays readable.
const PUNCT = /[\\`*_[\]{}|$^~"']|-(?=-)|(?<=-)-|\.(?=\.)|(?<=\.)\./g;

/** Normal Markdown text (also a table cell): every character shows as itself; `|` stays escaped. */
export function mdText(s: string): string {
  return termSafe(s).replace(/[&<>]/g, (c) => ENTITY[c]!).replace(PUNCT, (c) => `\\${c}`);
}

/**
 * A code span outside tables: no escape works inside one, so the fence is one backtick longer
 * than the longest run inside (CommonMark), and a space pads text that starts or ends with a
 * backtick or a space (the renderer strips one from each side). < > & show as they are there.
 */
export function mdCode(s: string): string {
  const t = termSafe(s);
  if (t === '') return '';
  const longest = Math.max(0, ...(t.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = /^[` ]|[` ]$/.test(t) && t.trim() !== '' ? ' ' : '';
  return `${fence}${pad}${t}${pad}${fence}`;
}
