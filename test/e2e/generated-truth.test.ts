import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { generate } from '../../bench/generate.js';
import { generateExim } from '../../bench/generate-exim.js';
import { toJournal } from '../../bench/journal.js';
import type { Truth } from '../../bench/world.js';
import { built, mxlens, tempDir } from './helpers.js';

// The report held against what was written. The benchmark's generators interleave many sessions and
// messages of several hosts (pids and client addresses reused, retries minutes later), and each
// line they write carries what it makes true: a message received, a recipient delivered, a 550
// 5.1.1 at RCPT, a stalled DATA phase. Every scenario runs to its end, so the log holds no
// half-told story, and every figure of the report must equal the count of those facts.

const t = tempDir('truth');
afterAll(() => t.cleanup());

interface Group {
  code: number | null;
  enhanced: string | null;
  enhanced_derived: boolean;
  count: number;
  direction: string;
}
interface Report {
  totals: Record<string, number> & { rejected: { total: number; '4xx': number; '5xx': number } };
  rejections: Group[];
  retry_skipped: { lines: number };
  bounces: Group[];
  deferrals: (Group & { reason: string })[];
  stalled: { direction: string; count: number }[];
  hosts: { host: string; rejected: number; stalled_354: number; bounced: number; deferrals: number; tls_failures: number }[];
  domains: { domain: string; delivered: number; deferrals: number; bounced: number }[];
  senders: { sender: string | null; messages: number }[];
  recipients: { recipient: string; delivered: number }[];
}

/** how often each fact was written, overall (`reject|550|5.1.1`) and per host (`mx1 reject|550|5.1.1`), in [from, to) */
type Counts = Map<string, number>;

function countsOf(facts: Truth, from = -Infinity, to = Infinity, hosts?: readonly string[]): Counts {
  const m: Counts = new Map();
  const add = (k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  for (const f of facts) {
    if (hosts !== undefined && !hosts.includes(f.host)) continue;
    // the log's stamps have whole seconds
    const t = Math.floor(f.t / 1000) * 1000;
    if (t < from || t >= to) continue;
    add(f.fact);
    add(`${f.host} ${f.fact}`);
  }
  return m;
}

function analyse(name: string, write: (out: string, truth: Truth) => void): { facts: Truth; db: string } {
  const log = join(t.dir, `${name}.log`);
  const db = join(t.dir, `${name}.db`);
  const facts: Truth = [];
  write(log, facts);
  const a = mxlens(['analyse', log, '--db', db]);
  expect(a.stderr).toBe('');
  expect(a.status).toBe(0);
  return { facts, db };
}

function report(db: string, ...window: string[]): Report {
  const r = mxlens(['report', '--db', db, '--format', 'json', '--top', '100000', ...window]);
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as Report;
}

function run(name: string, write: (out: string, truth: Truth) => void): { truth: Counts; report: Report } {
  const { facts, db } = analyse(name, write);
  return { truth: countsOf(facts), report: report(db) };
}

const count = (truth: Counts, key: string): number => truth.get(key) ?? 0;
const sum = (truth: Counts, prefix: string): number => [...truth].reduce((n, [k, v]) => (k.startsWith(prefix) ? n + v : n), 0);
const distinct = (truth: Counts, prefix: string): number => [...truth.keys()].filter((k) => k.startsWith(prefix)).length;

/** the report's groups summed by code and enhanced code; `*` where the log stated no enhanced code and the truth says none either */
function byCode(truth: Counts, kind: string, groups: Group[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const g of groups) {
    const stated = g.enhanced !== null && !g.enhanced_derived;
    const key = `${kind}|${g.code ?? '-'}|${stated ? g.enhanced : truth.has(`${kind}|${g.code}|*`) ? '*' : '-'}`;
    m.set(key, (m.get(key) ?? 0) + g.count);
  }
  return m;
}

function wanted(truth: Counts, kind: string): Map<string, number> {
  return new Map([...truth].filter(([k]) => k.startsWith(`${kind}|`)));
}

function expectTotals(truth: Counts, r: Report): void {
  const T = r.totals;
  expect({
    received: T.received, delivered: T.delivered, bounced: T.bounced, deferrals: T.deferrals, deferred: T.deferred,
    expired: T.expired, rejected: T.rejected.total, '5xx': T.rejected['5xx'], '4xx': T.rejected['4xx'],
    stalled_354: T.stalled_354, sessions: T.sessions, messages: T.messages, foreign: T.foreign, tls_failures: T.tls_failures,
    incomplete: T.incomplete, unparsed: T.unparsed,
  }).toEqual({
    received: count(truth, 'received'), delivered: count(truth, 'delivered'), bounced: sum(truth, 'bounce|'),
    deferrals: sum(truth, 'deferral|') + count(truth, 'retry-skipped'), deferred: distinct(truth, 'deferred-message|'), expired: count(truth, 'expired'),
    rejected: sum(truth, 'reject|'), '5xx': sum(truth, 'reject|5'), '4xx': sum(truth, 'reject|4'),
    stalled_354: sum(truth, 'stall|'), sessions: count(truth, 'session'), messages: count(truth, 'message'), foreign: count(truth, 'foreign'),
    tls_failures: sum(truth, 'tls|'), incomplete: 0, unparsed: 0,
  });
  for (const [kind, groups] of [['reject', r.rejections], ['bounce', r.bounces], ['deferral', r.deferrals]] as const) {
    expect(byCode(truth, kind, groups), kind).toEqual(wanted(truth, kind));
  }
  expect(r.retry_skipped.lines).toBe(count(truth, 'retry-skipped'));
  expect(r.rejections.every((g) => g.direction === 'inbound')).toBe(true);
  expect(r.bounces.every((g) => g.direction === 'outbound')).toBe(true);
  for (const d of ['inbound', 'outbound']) {
    expect(r.stalled.filter((g) => g.direction === d).reduce((n, g) => n + g.count, 0), `stalled ${d}`).toBe(count(truth, `stall|${d}`));
  }
}

/** the summary tables: per recipient domain and address what was attempted, per sender what was received */
function expectTables(truth: Counts, r: Report): void {
  const domains = new Map<string, { delivered: number; deferrals: number; bounced: number }>();
  const recipients = new Map<string, number>();
  const senders = new Map<string | null, number>();
  for (const [k, n] of truth) {
    const [kind, what, outcome] = k.split('|');
    if (kind === 'to') {
      const d = what!.slice(what!.indexOf('@') + 1);
      const row = domains.get(d) ?? { delivered: 0, deferrals: 0, bounced: 0 };
      if (outcome === 'delivered') row.delivered += n;
      else if (outcome === 'deferral') row.deferrals += n;
      else row.bounced += n;
      domains.set(d, row);
      if (outcome === 'delivered') recipients.set(what!, (recipients.get(what!) ?? 0) + n);
    } else if (kind === 'sender') senders.set(what === '-' ? null : what!, n);
  }
  expect(new Map(r.domains.map((d) => [d.domain, { delivered: d.delivered, deferrals: d.deferrals, bounced: d.bounced }]))).toEqual(domains);
  expect(new Map(r.recipients.map((x) => [x.recipient, x.delivered]))).toEqual(recipients);
  expect(new Map(r.senders.map((x) => [x.sender, x.messages]))).toEqual(senders);
}

describe.runIf(built)('the report against a generated log whose every fact is known', () => {
  test.each([3, 11])('Postfix, three hosts, seed %i: every total, every group by code, every host', (seed) => {
    const { truth, report } = run(`postfix-${seed}`, (out, truth) => generate({ lines: 25_000, seed, out, truth, extra: true }));
    expect(sum(truth, 'stall|outbound')).toBeGreaterThan(0);
    expectTotals(truth, report);
    expectTables(truth, report);
    expect(report.hosts.map((h) => h.host).sort()).toEqual(['mx1', 'mx2', 'relay']);
    for (const h of report.hosts) {
      expect({ rejected: h.rejected, stalled_354: h.stalled_354, bounced: h.bounced, deferrals: h.deferrals, tls: h.tls_failures }, h.host).toEqual({
        rejected: sum(truth, `${h.host} reject|`), stalled_354: sum(truth, `${h.host} stall|`), bounced: sum(truth, `${h.host} bounce|`),
        deferrals: sum(truth, `${h.host} deferral|`), tls: sum(truth, `${h.host} tls|`),
      });
    }
  });

  test.each(['postfix', 'exim'])('%s, windows cut at whole minutes: each counts the facts whose lines fall inside it', (mta) => {
    const { facts, db } = analyse(`${mta}-window`, (out, truth) => (mta === 'exim' ? generateExim({ lines: 20_000, seed: 8, out, truth, extra: true }) : generate({ lines: 20_000, seed: 8, out, truth, extra: true })));
    const start = Math.floor(facts[0]!.t / 60_000) * 60_000;
    const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16);
    const cuts = [7, 11, 19, 23, 31, 47, 61, 200];
    for (const [a, b] of cuts.slice(1).map((b, i) => [cuts[i]!, b] as const)) {
      const from = start + a * 60_000;
      const to = start + b * 60_000;
      const truth = countsOf(facts, from, to);
      const r = report(db, '--since', iso(from), '--until', iso(to));
      expectTotals(truth, r);
      expectTables(truth, r);
    }
  });

  test('Postfix, some hosts of a central log (--host): each counts its own facts', () => {
    const { facts, db } = analyse('postfix-hosts', (out, truth) => generate({ lines: 20_000, seed: 12, out, truth, extra: true }));
    for (const hosts of [['mx1'], ['relay'], ['mx1', 'mx2']]) {
      const truth = countsOf(facts, -Infinity, Infinity, hosts);
      const r = report(db, '--host', hosts.join(','));
      expectTotals(truth, r);
      expectTables(truth, r);
    }
  });

  test('Postfix with RFC 3339 stamps tells the same story', () => {
    const { truth, report } = run('postfix-rfc3339', (out, truth) => generate({ lines: 15_000, seed: 5, out, truth, format: 'rfc3339', extra: true }));
    expectTotals(truth, report);
  });

  test('Postfix as journald JSON (journalctl -o json) tells the same story', () => {
    const syslog = join(t.dir, 'postfix-journal.syslog');
    const { truth, report } = run('postfix-journal', (out, truth) => {
      generate({ lines: 15_000, seed: 6, out: syslog, truth, extra: true });
      toJournal(syslog, out);
    });
    // one entry a line of the syslog file
    expect(report.totals.lines).toBe(readFileSync(syslog, 'utf8').split('\n').length - 1);
    expectTotals(truth, report);
    expectTables(truth, report);
  });

  test('Exim with +millisec stamps tells the same story', () => {
    const { truth, report } = run('exim-millisec', (out, truth) => generateExim({ lines: 15_000, seed: 5, out, truth, extra: true, millisec: true }));
    expect(sum(truth, 'tls|outbound')).toBeGreaterThan(0);
    expectTotals(truth, report);
    expectTables(truth, report);
  });

  test.each([4, 9])('Exim mainlog, seed %i: every total and every group by code', (seed) => {
    // no port logged: a busy client's connections overlap under one key, and each still counts once (sessions)
    const { truth, report } = run(`exim-${seed}`, (out, truth) => generateExim({ lines: 25_000, seed, out, truth, extra: true }));
    expect(sum(truth, 'stall|inbound')).toBeGreaterThan(0);
    expectTotals(truth, report);
    expectTables(truth, report);
    // one group a kind of failure, whichever remote answered
    expect(report.deferrals.map((g) => g.reason).sort()).toEqual([
      '<ADDR>: Mailbox busy, try again later', '<ADDR>: Mailbox temporarily unavailable',
      'Connection timed out H=PEER: SMTP timeout after sending data block (N bytes written)',
      'TLS session: (certificate verification failed): certificate invalid',
    ]);
  });
});
