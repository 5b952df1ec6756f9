// npm run compare:eximstats -- MAINLOG
// Runs eximstats (Debian exim4-base) and mxlens on the same Exim mainlog and prints received,
// delivered, deferred, bounced and rejected side by side. Where the two count different things
// on purpose, the difference is worked out line by line and shown; any difference left over
// is unexplained and the exit status is 1.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LineAssembler, eximLogKindOf } from '../src/parse/assemble.js';
import { LineParser } from '../src/parse/index.js';
import type { MailEvent } from '../src/model/types.js';

const file = process.argv[2];
if (!file) {
  console.error('usage: npm run compare:eximstats -- MAINLOG');
  process.exit(64);
}
const cli = join(import.meta.dirname, '..', 'src', 'cli', 'main.js');
// one line and a sysexits code, as mxlens itself answers, rather than a stack trace
if (!existsSync(file)) {
  console.error(`compare-eximstats: ${file}: no such file`);
  process.exit(66);
}
if (spawnSync('eximstats', ['-help'], { stdio: 'ignore' }).error) {
  console.error('compare-eximstats: eximstats is not installed (apt-get install exim4-base)');
  process.exit(69);
}

// --- eximstats: the "Grand total summary" table
function eximstats(path: string): Record<string, number> {
  const out = execFileSync('eximstats', ['-nr', '-t0', '-h0', '-ne', '-nt', path], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const row = (name: string): number[] => {
    const m = new RegExp(`^\\s+${name}\\s+(.*)$`, 'm').exec(out);
    if (!m) return [];
    // drop volume ("12MB") and percentages, keep plain counts
    return m[1]!.trim().split(/\s+/).filter((t) => !t.endsWith('%')).map((t) => (/^\d+$/.test(t) ? Number(t) : 0));
  };
  // Received and Delivered start with a volume ("12MB", or "1795" bytes): skip it
  const rec = row('Received').slice(1);
  const del = row('Delivered').slice(1);
  return {
    received: rec[0] ?? 0,
    delayed: rec[2] ?? 0,
    failed: rec[3] ?? 0,
    delivered: del[1] ?? 0,
    rejects: (row('Rejects')[0] ?? 0) + (row('Temp Rejects')[0] ?? 0),
  };
}

// --- mxlens: analyse into a fresh database, then report and query it
const arrived = (status: string) =>
  `SELECT count(DISTINCT d.message_row) AS n FROM deliveries d JOIN messages m ON m.id = d.message_row WHERE d.status = '${status}' AND m.origin IS NOT NULL`;
interface Mx { totals: Record<string, unknown>; bounceArrivals: number; failedMessages: number; delayedMessages: number }

function mxlens(path: string): Mx {
  const dir = mkdtempSync(join(tmpdir(), 'mxlens-compare-'));
  const db = join(dir, 'compare.db');
  try {
    execFileSync(process.execPath, [cli, 'analyse', '--db', db, '--mta', 'exim', '--quiet', path], { stdio: ['ignore', 'ignore', 'inherit'] });
    const report = JSON.parse(execFileSync(process.execPath, [cli, 'report', '--db', db, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 28 }));
    const q = (sql: string): number => {
      const rows = JSON.parse(execFileSync(process.execPath, [cli, 'query', '--db', db, '--format', 'json', sql], { encoding: 'utf8' }));
      return Number(Object.values(rows[0] ?? { n: 0 })[0] ?? 0);
    };
    return {
      totals: report.totals,
      bounceArrivals: q(`SELECT count(*) AS n FROM messages WHERE mta = 'exim' AND origin = 'bounce'`),
      // eximstats counts Delayed and Failed only among messages whose arrival it saw
      failedMessages: q(arrived('bounced')),
      delayedMessages: q(arrived('deferred')),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// --- the rejections each side counts and the other does not, line by line
// eximstats takes any line without a delivery flag that says rejected/refused/dropped, and
// "=>" deliveries without a transport (blackholed recipients), as a reject.
interface LinePass {
  onlyEximstats: Map<string, number>;
  onlyMxlens: Map<string, number>;
  receivedLines: number;
  receivedIds: number;
  /** deliveries eximstats does not read: cutthrough ">>" and "*>" (suppressed by -N), both sent to mxlens */
  unreadDeliveries: number;
}

const NATIVE = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/;

function linePass(path: string): LinePass {
  const onlyEximstats = new Map<string, number>();
  const onlyMxlens = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  const receivedIds = new Set<string>();
  let receivedLines = 0;
  let unreadDeliveries = 0;
  const parser = new LineParser({ mta: 'exim' });
  const asm = new LineAssembler({ eximLog: eximLogKindOf(path) });
  const take = (logical: string): void => {
    const out = parser.parse(logical);
    const ev: MailEvent | null = out.type === 'event' ? out.event : null;
    if (ev?.kind === 'received') {
      receivedLines++;
      receivedIds.add(ev.queueId ?? '');
    }
    // eximstats reads the two characters after the id as a flag; SA-Exim's "SA: ..." is one
    const flagged = ev !== null && (ev.kind === 'delivery' || ev.kind === 'received' || ev.pattern === 'exim.sa-exim');
    const text = out.rec?.message ?? logical;
    // eximstats reads only lines that start with Exim's own stamp: one inside a syslog wrapper
    // ("Jun 29 15:33:46 server exim[1234]: ...") is not a line to it
    const read = NATIVE.test(logical);
    const exim =
      read &&
      ((!flagged && /rejected|refused|dropped/.test(text)) ||
        (ev?.kind === 'delivery' && ev.extra?.flag === '=>' && ev.extra.transport === undefined));
    const ours = ev?.kind === 'reject';
    // eximstats reads the flags <= => -> == ** and Co: a cutthrough delivery made while the message
    // was received (">>") and one that -N suppressed ("*>") are in no figure of its own
    if (read && ev?.kind === 'delivery' && (ev.extra?.flag === '>>' || ev.extra?.flag === '*>')) unreadDeliveries++;
    if (exim && !ours) bump(onlyEximstats, ev?.pattern ?? 'unparsed');
    if (ours && !exim) bump(onlyMxlens, read ? ev.pattern : 'syslog-wrapped');
  };
  const lines = readFileSync(path, 'utf8').split('\n');
  for (const l of lines) for (const t of asm.push(l)) take(t);
  for (const t of asm.flush()) take(t);
  return { onlyEximstats, onlyMxlens, receivedLines, receivedIds: receivedIds.size, unreadDeliveries };
}

const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
const WHAT: Record<string, string> = {
  'exim.remote-error': 'outbound "H=... Connection refused" lines (a remote host refused us)',
  'exim.delivery': 'recipients discarded by an ACL ("=>" with no transport)',
  'exim.session.drop-acl': '"closed by DROP in ACL" lines (the refusal has its own line)',
  'exim.verify-fail': '"sender verify fail" notes (the refusal has its own line)',
  'exim.reject.auth': 'failed AUTH (535)',
  'syslog-wrapped': 'rejections in lines with a syslog prefix ("host exim[pid]:"), which eximstats does not read',
};
const list = (m: Map<string, number>) => [...m].map(([k, v]) => `${v} ${WHAT[k] ?? k}`).join(', ');

const ex = eximstats(file);
const mx = mxlens(file);
const t = mx.totals as { received: number; delivered: number; deferred: number; bounced: number; rejected: { total: number } };
const diff = linePass(file);
const repeatedArrivals = diff.receivedLines - diff.receivedIds;

interface Row { metric: string; eximstats: number; mxlens: number; comparable: number; why: string }
const rows: Row[] = [
  {
    metric: 'received', eximstats: ex.received!, mxlens: t.received, comparable: t.received + mx.bounceArrivals + repeatedArrivals,
    why: [
      `eximstats counts every "<=" line; the report leaves out ${mx.bounceArrivals} bounces Exim made itself ("<= <>" with P=local)`,
      repeatedArrivals ? `and counts a message id once (${repeatedArrivals} "<=" lines repeat one)` : '',
    ].filter(Boolean).join(' '),
  },
  {
    metric: 'delivered', eximstats: ex.delivered!, mxlens: t.delivered, comparable: t.delivered - diff.unreadDeliveries,
    why: `eximstats does not read ${diff.unreadDeliveries} cutthrough (">>") or suppressed ("*>") deliveries, which the report counts as delivered`,
  },
  {
    metric: 'deferred', eximstats: ex.delayed!, mxlens: t.deferred, comparable: mx.delayedMessages,
    why: `eximstats counts only messages whose "<=" is in the file (${mx.delayedMessages}); the report counts every message with a "==" line`,
  },
  {
    metric: 'bounced', eximstats: ex.failed!, mxlens: t.bounced, comparable: mx.failedMessages,
    why: `the report counts failed recipients ("**" lines); eximstats counts messages whose "<=" is in the file with at least one (${mx.failedMessages})`,
  },
  {
    metric: 'rejected', eximstats: ex.rejects!, mxlens: t.rejected.total,
    comparable: t.rejected.total + sum(diff.onlyEximstats) - sum(diff.onlyMxlens),
    why: [
      diff.onlyEximstats.size ? `eximstats also counts ${list(diff.onlyEximstats)}` : '',
      diff.onlyMxlens.size ? `only mxlens counts ${list(diff.onlyMxlens)}` : '',
    ].filter(Boolean).join('; '),
  },
];

console.log(`| ${file} | eximstats | mxlens report | mxlens, counted as eximstats does | status |`);
console.log('|---|---:|---:|---:|---|');
let bad = 0;
for (const r of rows) {
  const ok = r.comparable === r.eximstats;
  if (!ok) bad++;
  const status = !ok ? `UNEXPLAINED (${r.why || 'no known reason'})` : r.mxlens === r.eximstats && r.comparable === r.mxlens ? 'same' : `explained: ${r.why}`;
  console.log(`| ${r.metric} | ${r.eximstats} | ${r.mxlens} | ${r.comparable} | ${status} |`);
}
process.exitCode = bad > 0 ? 1 : 0;
