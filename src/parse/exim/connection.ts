import type { LogRecord, MailEvent } from '../../model/types.js';
import type { Groups, PatternRow } from '../table.js';
import { sessionRows } from './session.js';

// A third of a busy mainlog is "SMTP connection from name (helo) [ip]:port" followed by
// " (TCP/IP connection count = n)" or " closed by QUIT". For those two shapes, in their plain
// form, the line is read here and the row's own build makes the event: no dispatch, no pattern.
//
// Why no row before them can match a plain line: the line is the fixed words plus a peer whose
// parts hold only letters, digits and ".:_-" (no space, quote, "<", ">" or "="). Rows keyed to
// another start ("SMTP call from ", "SMTP connection lost after final dot", ...) or another end
// (" closed by EOF", " closed by DROP in ACL") fail on that alone. The rest need a text in the
// line: two plain words in a row ("failed for", "rejected RCPT", "lost while", "- message"),
// which a peer cannot supply, or "rejected " or " lost", which a host name can: "...rejected"
// and "lost..." names are left to the patterns. Anything else unusual (H=, Ci=, D=, a helo with
// a space) is left to them too. test/parse/exim-connection.test.ts holds this to the plain rule.

const row = (id: string): PatternRow => {
  const r = sessionRows.find((x) => x.id === id);
  if (r === undefined) throw new Error(`no row ${id}`);
  return r;
};
export const QUIT = row('exim.session.quit');
export const CONNECT = row('exim.session.connect');

const HEAD = 'SMTP connection from ';
const COUNT = ' (TCP/IP connection count = ';
const QUIT_TAIL = ' closed by QUIT';

/** letters, digits and ".:_-" */
function plainChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 58) || c === 46 || c === 45 || c === 95;
}

/** the end of a run of plain characters from i */
function plainRun(s: string, i: number): number {
  while (i < s.length && plainChar(s.charCodeAt(i))) i++;
  return i;
}

/** the end of "[name ]['(' helo ') ']'[' ip ']'[':' port]" from i, or -1 */
function peerEnd(s: string, i: number): number {
  if (s.charCodeAt(i) !== 40 && s.charCodeAt(i) !== 91) {
    const e = plainRun(s, i);
    if (e === i || s.charCodeAt(e) !== 32) return -1;
    // "lost..." would put " lost" in the line, "...rejected" would put "rejected " there
    if (s.startsWith('lost', i) || s.endsWith('rejected', e)) return -1;
    i = e + 1;
  }
  if (s.charCodeAt(i) === 40) {
    const e = plainRun(s, i + 1);
    if (e === i + 1 || s.charCodeAt(e) !== 41 || s.charCodeAt(e + 1) !== 32) return -1;
    i = e + 2;
  }
  if (s.charCodeAt(i) !== 91) return -1;
  const e = plainRun(s, i + 1);
  if (e === i + 1 || s.charCodeAt(e) !== 93) return -1;
  i = e + 1;
  if (s.charCodeAt(i) === 58) {
    let k = i + 1;
    while (k < s.length && s.charCodeAt(k) >= 48 && s.charCodeAt(k) <= 57) k++;
    if (k === i + 1) return -1;
    i = k;
  }
  return i;
}

/** The event for a plain connect or QUIT line (`msg` has no message id in front), else null. */
export function connectionShortcut(msg: string, rec: LogRecord): MailEvent | null {
  if (!msg.startsWith(HEAD)) return null;
  const end = peerEnd(msg, HEAD.length);
  if (end < 0) return null;
  const peer = msg.slice(HEAD.length, end);
  if (end === msg.length) return CONNECT.build({ ci: undefined, peer, kv: '', n: undefined } as Groups, rec);
  if (msg.startsWith(COUNT, end) && msg.charCodeAt(msg.length - 1) === 41) {
    const from = end + COUNT.length;
    let k = from;
    while (k < msg.length && msg.charCodeAt(k) >= 48 && msg.charCodeAt(k) <= 57) k++;
    if (k === from || k !== msg.length - 1) return null;
    return CONNECT.build({ ci: undefined, peer, kv: '', n: msg.slice(from, k) }, rec);
  }
  if (msg.length === end + QUIT_TAIL.length && msg.endsWith(QUIT_TAIL)) {
    return QUIT.build({ ci: undefined, peer, kv: '' }, rec);
  }
  return null;
}
