import type { MailEvent } from '../../model/types.js';
import { rowById, type PatternRow } from '../table.js';
import { sessionRows } from './session.js';

// A third of a busy mainlog is "SMTP connection from name (helo) [ip]:port" followed by
// " (TCP/IP connection count = n)" or " closed by QUIT". For those two shapes, in their plain
// form, the line is read here with one expression: no dispatch, no row pattern, no host reader.
//
// Why no row before them can match a plain line: the line is the fixed words plus a peer whose
// parts hold only letters, digits and ".:_-" (no space, quote, "<", ">" or "="). Rows keyed to
// another start ("SMTP call from ", "SMTP connection lost after final dot", ...) or another end
// (" closed by EOF", " closed by DROP in ACL") fail on that alone. The rest need a text in the
// line: two plain words in a row ("failed for", "rejected RCPT", "lost while", "- message"),
// which a peer cannot supply, or "rejected " or " lost", which a host name can: "...rejected"
// and "lost..." names are left to the patterns. Anything else unusual (H=, Ci=, D=, a helo with
// a space) is left to them too. test/parse/exim-connection.test.ts holds this to the plain rule.

const row = (id: string): PatternRow => rowById(sessionRows, id);
export const QUIT = row('exim.session.quit');
export const CONNECT = row('exim.session.connect');

// the whole plain line: the peer (name, helo, address, port), then the count, " closed by QUIT" or nothing
const PLAIN = /^SMTP connection from (?:([\w.:-]+) )?(?:\(([\w.:-]+)\) )?\[([\w.:-]+)\](?::(\d+))?(?: \(TCP\/IP connection count = (\d+)\)|( closed by QUIT))?$/;

/**
 * The event for a plain connect or QUIT line (`msg` has no message id in front), else null.
 * It is the event the row's build makes from the peer (the test compares them key by key); the
 * peer's parts come from this one expression instead of a second reading of the peer.
 */
export function connectionShortcut(msg: string): MailEvent | null {
  // no startsWith first: PLAIN is anchored on the same words and fails as soon on other lines,
  // and startsWith on a message (a slice of the line, itself a slice of the text read) measured
  // dearer than that (about a tenth of the instructions a connect line costs)
  const m = PLAIN.exec(msg);
  if (m === null) return null;
  const name = m[1];
  // "lost..." would put " lost" in the line, "...rejected" would put "rejected " there
  if (name !== undefined && (name.startsWith('lost') || name.endsWith('rejected'))) return null;
  const quit = m[6] !== undefined;
  const e: MailEvent = quit
    ? { kind: 'disconnect', pattern: 'exim.session.quit', mta: 'exim' }
    : { kind: 'connect', pattern: 'exim.session.connect', mta: 'exim' };
  if (name !== undefined) e.clientHost = name;
  if (m[2] !== undefined) e.helo = m[2];
  e.clientIp = m[3]!;
  if (m[4] !== undefined) e.clientPort = Number(m[4]);
  if (m[5] !== undefined) e.extra = { connection_count: Number(m[5]) };
  return e;
}
