import type { LogRecord, MailEvent } from '../../model/types.js';
import { groupsReader, rowById, type PatternRow } from '../table.js';
import { rejectRows } from './reject.js';
import { sessionRows } from './session.js';
import { miscRows } from './misc.js';

// After the message and connection lines, a busy mainlog's commonest lines start with the
// client ("H=name (helo) [ip] F=<sender> ...": "rejected RCPT", "incomplete transaction",
// "sender verify fail") or are "no MAIL in SMTP connection from ...". The rows that can match
// them may match anywhere in a line, so the dispatch looks for all of those rows' texts first;
// here the question is settled with a few searches, and the row's own pattern and build do the rest.
//
// Why no earlier row can match (the table's order: message rows, reject rows, session rows,
// misc rows): such a line has no message id and none of the other fixed starts ("SMTP ...",
// "refused ...", "unexpected ..."). What remains are the rows that match anywhere, and each
// needs a text in the line: before "rejected RCPT", "authenticator failed for "; every other
// reject row "rejected", "dropped by '" or ": discarded by "; then "incomplete transaction ("
// and "Warning: " before the verify row. test/parse/exim-host-lines.test.ts holds this to the
// plain rule.

export const RCPT = rowById(rejectRows, 'exim.reject.rcpt');
export const INCOMPLETE = rowById(sessionRows, 'exim.session.incomplete');
export const NO_MAIL = rowById(sessionRows, 'exim.session.no-mail');
export const VERIFY = rowById(miscRows, 'exim.verify-fail');

/** a row with its pattern's reader (table.ts groupsReader) */
function runner(row: PatternRow): (msg: string, rec: LogRecord) => MailEvent | null {
  const read = groupsReader(row);
  return (msg, rec) => {
    const g = read(msg);
    return g === null ? null : row.build(g, rec);
  };
}
const rcpt = runner(RCPT);
const incomplete = runner(INCOMPLETE);
const noMail = runner(NO_MAIL);
const verify = runner(VERIFY);

/** whether `msg` holds a text one of the reject rows that match anywhere needs */
function rejectText(msg: string): boolean {
  return msg.includes('rejected') || msg.includes('authenticator failed for ') || msg.includes("dropped by '") ||
    msg.includes(': discarded by ');
}

/** The event for one of the "H=..." lines above, else null (`msg` starts with "H"). */
export function hostLineShortcut(msg: string, rec: LogRecord): MailEvent | null {
  if (msg.charCodeAt(1) !== 61 || msg.includes('authenticator failed for ')) return null;
  if (msg.includes('rejected RCPT ')) return rcpt(msg, rec);
  if (rejectText(msg)) return null;
  if (msg.includes('incomplete transaction (')) return incomplete(msg, rec);
  if (msg.includes(' verify ') && !msg.includes('Warning: ')) return verify(msg, rec);
  return null;
}

/** The event for a "no MAIL in SMTP connection from ..." line, else null (`msg` starts with "n"). */
export function noMailShortcut(msg: string, rec: LogRecord): MailEvent | null {
  // NO_MAIL's pattern starts with "no MAIL in SMTP connection from ": a line without those words
  // fails it, and a startsWith before it costs more than it saves (see connectionShortcut)
  if (rejectText(msg)) return null;
  return noMail(msg, rec);
}
