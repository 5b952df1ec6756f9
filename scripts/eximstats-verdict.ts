import { readFileSync } from 'node:fs';
import { LineAssembler, eximLogKindOf } from '../src/parse/assemble.js';
import { LineParser } from '../src/parse/index.js';
import type { MailEvent } from '../src/model/types.js';
import { withAnalysed } from './mxlens-side.js';
import { eximstatsView, type EximstatsView, type Unread } from './eximstats-reads.js';

// The comparison with eximstats without eximstats: given its "Grand total summary" figures (from a
// run, or as recorded in fixtures/reference/eximstats-figures.json) and a mainlog, mxlens's figures
// recomputed the way eximstats counts, line by line, and whether each one is the same.

export const RECORD = 'eximstats-figures.json';

/** eximstats's figures the comparison uses: Received messages, the Delayed and Failed columns, Delivered addresses, Rejects + Temp Rejects */
export interface EximstatsFigures {
  received: number;
  delayed: number;
  failed: number;
  delivered: number;
  rejects: number;
}

/** eximstats -nr -t0 -h0 -ne -nt: the "Grand total summary" table */
export function parseEximstats(out: string): EximstatsFigures {
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

// --- mxlens: analyse into a scratch database, then its report and counts
const arrived = (status: string) =>
  `SELECT count(DISTINCT d.message_row) AS n FROM deliveries d JOIN messages m ON m.id = d.message_row WHERE d.status = '${status}' AND m.origin IS NOT NULL`;
interface Mx {
  totals: { received: number; delivered: number; deferred: number; bounced: number; rejected: { total: number } };
  bounceArrivals: number;
  failedMessages: number;
  delayedMessages: number;
}

function mxlens(path: string): Promise<Mx> {
  return withAnalysed(path, 'exim', (a) => ({
    totals: a.totals,
    bounceArrivals: a.count(`SELECT count(*) AS n FROM messages WHERE mta = 'exim' AND origin = 'bounce'`),
    // eximstats counts Delayed and Failed only among messages whose arrival it saw
    failedMessages: a.count(arrived('bounced')),
    delayedMessages: a.count(arrived('deferred')),
  }));
}
// --- the rejections each side counts and the other does not, line by line
// eximstats takes any line it reads (eximstats-reads.ts) without a delivery flag that says
// rejected/refused/dropped, and "=>" deliveries without a transport (blackholed recipients), as a reject.
interface LinePass {
  onlyEximstats: Map<string, number>;
  onlyMxlens: Map<string, number>;
  receivedLines: number;
  receivedIds: number;
  /** deliveries eximstats does not read: cutthrough ">>" and "*>" (suppressed by -N), both sent to mxlens */
  unreadDeliveries: number;
  /** lines eximstats reads; and those it skips, by why */
  readLines: number;
  unread: Map<Unread, number>;
}

const firstLine = (s: string) => s.split(/[\n\u0000]/, 1)[0]!;

function linePass(path: string): LinePass {
  const onlyEximstats = new Map<string, number>();
  const onlyMxlens = new Map<string, number>();
  const unread = new Map<Unread, number>();
  const bump = <K>(m: Map<K, number>, k: K) => m.set(k, (m.get(k) ?? 0) + 1);
  const receivedIds = new Set<string>();
  let receivedLines = 0;
  let unreadDeliveries = 0;
  let readLines = 0;
  const parser = new LineParser({ mta: 'exim' });
  const asm = new LineAssembler({ eximLog: eximLogKindOf(path) });
  const lines = readFileSync(path, 'utf8').split('\n');
  // eximstats reads physical lines; the assembler joins some. A logical line whose first line is
  // one of the file's lines is judged by that line; one that is not was joined from the "[1/3]"
  // parts Exim splits a long syslog message into, and Exim puts the part marker before its own
  // stamp, so eximstats reads none of them.
  const physical = new Map<string, number>();
  lines.forEach((l, i) => {
    if (i < lines.length - 1 || l !== '') bump(physical, l);
    const v = eximstatsView(l, i < lines.length - 1);
    if (l === '' && i === lines.length - 1) return;
    if (v.read) readLines++;
    else bump(unread, v.why);
  });
  // the reject log's copy of a refusal logged to syslog: mxlens counts the pair once
  const refusals = new Set<string>();
  const take = (logical: string): void => {
    const out = parser.parse(logical);
    const ev: MailEvent | null = out.type === 'event' ? out.event : null;
    const first = firstLine(logical);
    const left = physical.get(first) ?? 0;
    if (left > 0) physical.set(first, left - 1);
    const view: EximstatsView = left > 0 ? eximstatsView(first) : { read: false, why: 'no-stamp-after-tag' };
    const read = view.read;
    if (ev?.kind === 'received') {
      receivedLines++;
      receivedIds.add(ev.queueId ?? '');
    }
    // eximstats reads the two characters after the id as a flag; SA-Exim's "SA: ..." is one
    const flagged = ev !== null && (ev.kind === 'delivery' || ev.kind === 'received' || ev.pattern === 'exim.sa-exim');
    const exim =
      view.read &&
      ((!flagged && /rejected|refused|dropped/.test(view.text)) ||
        (ev?.kind === 'delivery' && ev.extra?.flag === '=>' && ev.extra.transport === undefined));
    let twin = false;
    if (ev?.kind === 'reject' && out.rec) {
      const key = `${out.rec.ts}|${out.rec.host}|${firstLine(out.rec.message)}`;
      if (ev.extra?.origin !== 'rejectlog') refusals.add(key);
      else twin = refusals.has(key);
    }
    const ours = ev?.kind === 'reject' && !twin;
    // eximstats reads the flags <= => -> == ** and Co: a cutthrough delivery made while the message
    // was received (">>") and one that -N suppressed ("*>") are in no figure of its own
    if (read && ev?.kind === 'delivery' && (ev.extra?.flag === '>>' || ev.extra?.flag === '*>')) unreadDeliveries++;
    if (exim && !ours) bump(onlyEximstats, twin ? 'rejectlog-copy' : (ev?.pattern ?? 'unparsed'));
    if (ours && !exim) bump(onlyMxlens, view.read ? ev!.pattern : `unread:${view.why}`);
  };
  for (const l of lines) for (const t of asm.push(l)) take(t);
  for (const t of asm.flush()) take(t);
  return { onlyEximstats, onlyMxlens, receivedLines, receivedIds: receivedIds.size, unreadDeliveries, readLines, unread };
}

const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
const WHAT: Record<string, string> = {
  'exim.remote-error': 'outbound "H=... Connection refused" lines (a remote host refused us)',
  'exim.delivery': 'recipients discarded by an ACL ("=>" with no transport)',
  'exim.session.drop-acl': '"closed by DROP in ACL" lines (the refusal has its own line)',
  'exim.verify-fail': '"sender verify fail" notes (the refusal has its own line)',
  'exim.reject.auth': 'failed AUTH (535)',
  'rejectlog-copy': 'copies of a refusal Exim wrote to syslog for its reject log (mxlens counts the pair once)',
  'unread:digits-not-stamp': 'rejections in lines that start with an RFC 3339 syslog stamp, which eximstats takes for its own stamp and so does not read',
  'unread:no-exim-tag': 'rejections in lines with a syslog prefix whose tag is not the word "exim", which eximstats does not read',
  'unread:no-stamp-after-tag': 'rejections in lines with a syslog prefix and no Exim stamp after it (or split into "[1/3]" parts), which eximstats does not read',
  'unread:too-short': 'rejections in lines too short for eximstats to read',
};
const SKIPPED: Record<Unread, string> = {
  'digits-not-stamp': 'start with four digits that are not Exim\'s stamp, as an RFC 3339 syslog stamp does',
  'no-exim-tag': 'have no syslog tag that is the word "exim"',
  'no-stamp-after-tag': 'have no Exim stamp after the syslog prefix',
  'too-short': 'are too short',
};
const list = (m: Map<string, number>) => [...m].map(([k, v]) => `${v} ${WHAT[k] ?? k}`).join(', ');

export interface Row {
  metric: string;
  eximstats: number;
  mxlens: number;
  /** the mxlens figure counted as eximstats counts */
  comparable: number;
  why: string;
  status: 'same' | 'explained' | 'UNEXPLAINED';
}

export async function judge(file: string, ex: EximstatsFigures): Promise<Row[]> {
  const mx = await mxlens(file);
  const t = mx.totals;
  const diff = linePass(file);
  const repeatedArrivals = diff.receivedLines - diff.receivedIds;
  const rows: Omit<Row, 'status'>[] = [
    {
      metric: 'received', eximstats: ex.received, mxlens: t.received, comparable: t.received + mx.bounceArrivals + repeatedArrivals,
      why: [
        `eximstats counts every "<=" line; the report leaves out ${mx.bounceArrivals} bounces Exim made itself ("<= <>" with P=local)`,
        repeatedArrivals ? `and counts a message id once (${repeatedArrivals} "<=" lines repeat one)` : '',
      ].filter(Boolean).join(' '),
    },
    {
      metric: 'delivered', eximstats: ex.delivered, mxlens: t.delivered, comparable: t.delivered - diff.unreadDeliveries,
      why: `eximstats does not read ${diff.unreadDeliveries} cutthrough (">>") or suppressed ("*>") deliveries, which the report counts as delivered`,
    },
    {
      metric: 'deferred', eximstats: ex.delayed, mxlens: t.deferred, comparable: mx.delayedMessages,
      why: `eximstats counts only messages whose "<=" is in the file (${mx.delayedMessages}); the report counts every message with a "==" line`,
    },
    {
      metric: 'bounced', eximstats: ex.failed, mxlens: t.bounced, comparable: mx.failedMessages,
      why: `the report counts failed recipients ("**" lines); eximstats counts messages whose "<=" is in the file with at least one (${mx.failedMessages})`,
    },
    {
      metric: 'rejected', eximstats: ex.rejects, mxlens: t.rejected.total,
      comparable: t.rejected.total + sum(diff.onlyEximstats) - sum(diff.onlyMxlens),
      why: [
        diff.onlyEximstats.size ? `eximstats also counts ${list(diff.onlyEximstats)}` : '',
        diff.onlyMxlens.size ? `only mxlens counts ${list(diff.onlyMxlens)}` : '',
      ].filter(Boolean).join('; '),
    },
  ];
  // a file none of whose lines eximstats reads: it counts nothing at all
  const none = diff.readLines === 0 ? `eximstats reads none of its lines (${[...diff.unread].map(([k, v]) => `${v} ${SKIPPED[k]}`).join(', ')})` : null;
  if (none !== null) for (const r of rows) Object.assign(r, { comparable: 0, why: none });
  return rows.map((r) => ({
    ...r,
    status: r.comparable !== r.eximstats ? 'UNEXPLAINED' : r.mxlens === r.eximstats && r.comparable === r.mxlens ? 'same' : 'explained',
  }));
}
