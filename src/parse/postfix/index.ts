import type { LogRecord } from '../../model/types.js';
import { compileTable, type CompiledTable, type Groups, type PatternRow } from '../table.js';
import { smtpdRows } from './smtpd.js';
import { postscreenRows } from './postscreen.js';
import { cleanupRows } from './cleanup.js';
import { qmgrRows } from './qmgr.js';
import { deliveryRows } from './delivery.js';
import { smtpClientRows } from './smtp-client.js';
import { miscRows } from './misc.js';
import { limitRows } from './limits.js';
import { daemonRows, verboseRows } from './daemons.js';
import { problemRows } from './problem.js';

/** Every Postfix line shape, in matching order: specific rows first, the generic problem row last. */
export const postfixRows: readonly PatternRow[] = [
  ...smtpdRows, ...postscreenRows, ...cleanupRows, ...qmgrRows, ...deliveryRows, ...smtpClientRows,
  ...miscRows, ...limitRows, ...daemonRows, ...problemRows, ...verboseRows,
];

const byDaemon = compileTable(postfixRows);

// Where two daemons write the same shape, what in the line tells them apart when the daemon's name is lost.
const TIES: Record<string, (g: Groups) => boolean> = {
  // smtp and lmtp name the server they talked to ("host[ip]:port", "host:port"), or the one they
  // could not reach; local, virtual, pipe, discard and error(8) name a transport or "none"
  // (error's "delivery temporarily suspended: connect to ..." too)
  'postfix.delivery.status': (g) => SERVER_RELAY.test(g.relay!) || CLIENT_FAILURE.test(g.detail ?? g.cut ?? ''),
  // the end-of-message milters run in cleanup, the others in smtpd
  'postfix.smtpd.milter': (g) => g.stage !== 'END-OF-MESSAGE',
  // cleanup writes smtpd's words exactly, about the same queue id: nothing in the line tells whose
  // it is, so it stays the warning it is (the generic problem row), as both lines did before
  'postfix.smtpd.size-limit': () => false,
};
const SERVER_RELAY = /\[|:\d+$/;
const CLIENT_FAILURE = /^(?:connect to |Host or domain name not found|Name service error|lost connection with |conversation with |mail for \S+ loops back to myself)/;

/** A row written by one daemon names it; the "postfix" command's own rows name no other. */
function adoptDaemon(row: PatternRow): PatternRow {
  const only = row.services !== '*' && row.services.length === 1 ? row.services[0]! : null;
  const when = TIES[row.id];
  if (only === null || only === 'postfix') return { ...row, services: '*', when };
  return {
    ...row,
    services: '*',
    when,
    build: (g, rec) => {
      rec.program = `${rec.program}/${only}`;
      rec.service = only;
      return row.build(g, rec);
    },
  };
}

// rsyslog's RFC 5424 template (RSYSLOG_SyslogProtocol23Format) writes the program of a Postfix line
// as "postfix" (or the instance's "postfix-out") alone unless it is told to keep the slash
// (parser.permitSlashInProgramName): the daemon's name is lost. Such a line tries every row,
// postscreen's first (its NOQUEUE reject, with fields separated by commas, also fits smtpd's row),
// then in table order with the ties above. Where only one daemon writes a shape the record takes
// that daemon's name back ("postfix/smtpd"), so sessions and postscreen work as with the full name.
// Shapes that several daemons write (warnings, TLS library errors, qmgr's and postsuper's "removed",
// smtp's and lmtp's lines) keep the name as logged: the line alone decides, so a run resumed
// anywhere reads each line as one run would.
const anyDaemon = compileTable([...postscreenRows, ...postfixRows.filter((r) => !postscreenRows.includes(r))].map(adoptDaemon));
const daemonLost = (rec: LogRecord): boolean => rec.service === rec.program && rec.program.startsWith('postfix');

export const postfixTable: CompiledTable = {
  match: (rec) => (daemonLost(rec) ? anyDaemon : byDaemon).match(rec),
  firstRow: (rec) => (daemonLost(rec) ? anyDaemon : byDaemon).firstRow(rec),
};
