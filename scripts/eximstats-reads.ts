// Which log lines eximstats (Debian exim4-base 4.96) reads, and as what text: the rule its parser
// applies to every line before anything else, worked out from its source.
//  1. A line that does not start with four digits is taken for a syslog line: it is kept only if
//     it holds " exim" as a whole word (the tag: "exim[1234]", "exim:", not "exim4") followed
//     somewhere by ": ", and everything up to the first ": " after that word is cut off.
//     A line that starts with four digits is left as it is, even when those digits begin an
//     RFC 3339 syslog stamp ("2026-11-29T21:36:18.708902+00:00 host exim[1]: ...").
//  2. What is left must start with Exim's own stamp, "YYYY-MM-DD HH:MM:SS" (any white space
//     between date and time), optionally followed by ".ddd" fractions, " +hhmm" and " [pid]".
//  3. It must be at least 38 bytes long counting its newline, plus 6 for a zone offset and the
//     length of the fractions and the " [pid]" when those are present.
// Everything else is skipped before any figure is counted.

/** why eximstats skips a line */
export type Unread =
  /** starts with four digits that are not Exim's stamp, e.g. an RFC 3339 syslog stamp */
  | 'digits-not-stamp'
  /** a syslog line whose tag is not the word "exim" followed by ": " */
  | 'no-exim-tag'
  /** the syslog prefix is cut off, but no Exim stamp follows (Exim logging to syslog without it, or a "[1/3]" part) */
  | 'no-stamp-after-tag'
  | 'too-short';

export type EximstatsView = { read: true; text: string } | { read: false; why: Unread };

// Perl's "." is any byte but a newline, its "\s" (on bytes) space, \t, \n, \r, \f and \v
const TAG = /^[^\n]*? exim\b[^\n]*?: /;
const STAMP = /^\d{4}-\d\d-\d\d[ \t\n\r\f\v]\d\d:\d\d:\d\d(\.\d+)?([ \t\n\r\f\v][-+]\d{4})?([ \t\n\r\f\v]\[\d+\])?/;

/** the line (without its newline) as eximstats reads it, or why it does not */
export function eximstatsView(line: string, newline = true): EximstatsView {
  let text = line;
  if (!/^\d{4}/.test(text)) {
    const m = TAG.exec(text);
    if (m === null) return { read: false, why: 'no-exim-tag' };
    text = text.slice(m[0].length);
  }
  const s = STAMP.exec(text);
  if (s === null) return { read: false, why: /^\d{4}/.test(line) ? 'digits-not-stamp' : 'no-stamp-after-tag' };
  // eximstats measures the line as read from the file, in bytes, newline included
  const bytes = Buffer.byteLength(text) + (newline ? 1 : 0);
  const extra = (s[2] ? 6 : 0) + (s[1]?.length ?? 0) + (s[3]?.length ?? 0);
  if (bytes < 38 + extra) return { read: false, why: 'too-short' };
  return { read: true, text };
}
