import type { LogRecord, MailEvent } from '../../model/types.js';
import type { Groups, PatternRow } from '../table.js';
import { rejectRows } from './reject.js';
import { sessionRows } from './session.js';

// After the message and connection lines, a busy mainlog's commonest lines start with the
// client ("H=name (helo) [ip] F=<sender> ...") and are a "rejected RCPT" or an "incomplete
// transaction". Every row that can match them may match anywhere in a line, so the dispatch
// looks for all of those rows' texts first; for these two the question is settled here with
// fewer searches, and the row's own pattern and build do the rest.
//
// Why no earlier row can match (the table's order: message rows, reject rows, session rows):
// a line that starts with "H=" has no message id and none of the fixed starts ("SMTP ...",
// "refused ...", "no MAIL ..."). What remains are the rows that match anywhere, and each needs
// a text in the line: "authenticator failed for " before "rejected RCPT"; before "incomplete
// transaction" also "rejected" (every other reject row has it), "dropped by '" and
// ": discarded by ". test/parse/exim-host-lines.test.ts holds this to the plain rule.

const find = (rows: readonly PatternRow[], id: string): PatternRow => {
  const r = rows.find((x) => x.id === id);
  if (r === undefined) throw new Error(`no row ${id}`);
  return r;
};
export const RCPT = find(rejectRows, 'exim.reject.rcpt');
export const INCOMPLETE = find(sessionRows, 'exim.session.incomplete');

function run(row: PatternRow, msg: string, rec: LogRecord): MailEvent | null {
  const m = row.re.exec(msg);
  return m === null ? null : row.build((m.groups ?? {}) as Groups, rec);
}

/** The event for a "H=... rejected RCPT" or "H=... incomplete transaction" line, else null (`msg` starts with "H"). */
export function hostLineShortcut(msg: string, rec: LogRecord): MailEvent | null {
  if (msg.charCodeAt(1) !== 61 || msg.includes('authenticator failed for ')) return null;
  if (msg.includes('rejected RCPT ')) return run(RCPT, msg, rec);
  if (msg.includes('incomplete transaction (') && !msg.includes('rejected') && !msg.includes("dropped by '") &&
    !msg.includes(': discarded by ')) return run(INCOMPLETE, msg, rec);
  return null;
}
