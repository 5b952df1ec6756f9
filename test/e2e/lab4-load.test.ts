import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, test } from 'vitest';
import { built, expectCutRunsSame, dump, mxlens, tempDir } from './helpers.js';

// A real MTA under concurrent load, held to what its clients were told. fixtures/lab4/load.py ran
// 600 SMTP sessions, 8 at a time, from 30 client addresses, against a real server on loopback
// (recipe in fixtures/lab4/LAB4-README.md), and wrote down every reply each client read. Unlike
// the lab's one-scenario-at-a-time runs, connections from one address overlap, and deliveries run
// while other clients talk. Every figure below is counted from the clients' side.

const t = tempDir('lab4');
afterAll(() => t.cleanup());

interface Reply {
  cmd: string;
  arg: string | null;
  code: number | null;
  text: string;
}
interface Session {
  n: number;
  kind: string;
  src: string;
  start: number;
  end: number;
  replies: Reply[];
  error?: string;
}

interface Case {
  name: string;
  logs: string[];
  truth: string;
  /** the queue id in the server's reply to the final dot */
  queued: RegExp;
  args?: string[];
  /** at least this many address + HELO pairs have no overlapping twin, and are compared session by session */
  bySession: number;
  /**
   * Postfix counts a message as received (and on its session) once smtpd gives it a queue id, at the
   * first recipient accepted, as pflogsumm does (README, "What each Grand Total counts"): one refused
   * at the final dot or abandoned during DATA counts too. Its refusal at the final dot is cleanup's
   * line, not smtpd's, so the session's own refusals do not include it. Exim counts the arrival (<=).
   */
  postfix?: boolean;
  /** every line of a connection names its process (Exim's +pid): no two connections are twins */
  pids?: boolean;
}

const DIR = 'fixtures/lab4';
const CASES: Case[] = [
  {
    name: 'exim',
    logs: [join(DIR, 'lab4-exim-mainlog.log'), join(DIR, 'lab4-exim-rejectlog.log')],
    truth: join(DIR, 'lab4-exim-truth.jsonl'),
    queued: /\bid=(\S+)/,
    bySession: 50,
  },
  {
    // every client gave the same HELO name, as a bulk sender's parallel connections do
    name: 'exim, one HELO name',
    logs: [join(DIR, 'lab4-exim-onehelo-mainlog.log'), join(DIR, 'lab4-exim-onehelo-rejectlog.log')],
    truth: join(DIR, 'lab4-exim-onehelo-truth.jsonl'),
    queued: /\bid=(\S+)/,
    // nearly every address had twins: the sums, and each message's connection (above), are what is compared
    bySession: 0,
  },
  {
    // the same with log_selector +pid: each line names its process, so even a refusal or a stall line
    // of one of two connections at once with one HELO name is its own connection's
    name: 'exim, one HELO name, +pid',
    logs: [join(DIR, 'lab4-exim-onehelo-pid-mainlog.log'), join(DIR, 'lab4-exim-onehelo-pid-rejectlog.log')],
    truth: join(DIR, 'lab4-exim-onehelo-pid-truth.jsonl'),
    queued: /\bid=(\S+)/,
    bySession: 30,
    pids: true,
  },
  {
    // the same through syslog (log_file_path = syslog, rsyslog's RFC 3339 format): the tag names each
    // line's process, and a line bound for the reject log comes twice, its copy often after other
    // processes' lines
    name: 'exim, one HELO name, through syslog',
    logs: [join(DIR, 'lab4-exim-onehelo-syslog.log')],
    truth: join(DIR, 'lab4-exim-onehelo-syslog-truth.jsonl'),
    queued: /\bid=(\S+)/,
    bySession: 30,
    pids: true,
  },
  {
    name: 'postfix',
    logs: [join(DIR, 'lab4-postfix.log')],
    truth: join(DIR, 'lab4-postfix-truth.jsonl'),
    queued: /queued as (\S+)/,
    args: ['--year', '2026'],
    bySession: 30,
    postfix: true,
  },
  {
    // through rsyslog with Debian 12's default file format: every line its own microsecond stamp
    name: 'postfix, RFC 3339 stamps through rsyslog',
    logs: [join(DIR, 'lab4-postfix-rfc3339.log')],
    truth: join(DIR, 'lab4-postfix-rfc3339-truth.jsonl'),
    queued: /queued as (\S+)/,
    bySession: 30,
    postfix: true,
  },
];

/** What one client saw of its session. */
function seen(s: Session) {
  const r = s.replies;
  let accepted: string[] = [];
  let sender: string | null = null;
  const messages: Array<{ id: string; sender: string; rcpts: string[] }> = [];
  for (const x of r) {
    if (x.cmd === 'MAIL') {
      accepted = [];
      sender = x.arg;
    }
    if (x.cmd === 'RCPT' && x.code === 250) accepted.push(x.arg!);
    if (x.cmd === 'END-OF-DATA' && x.code === 250) messages.push({ id: x.text, sender: sender!, rcpts: accepted });
  }
  const refusals = r.filter((x) => x.cmd !== 'CONNECT' && x.code !== null && x.code >= 400);
  // the client dropped the connection after the server's 354
  const stalled = r.length > 0 && r[r.length - 1]!.cmd === 'DATA' && r[r.length - 1]!.code === 354;
  const helo = r.find((x) => x.cmd === 'EHLO')?.arg ?? null;
  // transactions with a recipient accepted: the client went on to DATA
  const begun = r.filter((x) => x.cmd === 'DATA').length;
  return { messages, refusals, stalled, helo, begun };
}

/**
 * Sessions that overlapped another from the same address with the same HELO name: with no port in
 * the log, nothing on a line tells such connections apart (see correlate-sessions.ts, openFor).
 */
function twins(sessions: Session[]): Set<number> {
  const out = new Set<number>();
  for (const a of sessions) {
    for (const b of sessions) {
      if (a.n < b.n && a.src === b.src && seen(a).helo === seen(b).helo && a.start < b.end && b.start < a.end) {
        out.add(a.n);
        out.add(b.n);
      }
    }
  }
  return out;
}

const sig = (rejects: number, messages: number, stalled: number) => `rejects=${rejects} messages=${messages} stalled=${stalled}`;

describe.skipIf(!built).each(CASES)('$name under concurrent load: the report against the clients', (c) => {
  const sessions = readFileSync(c.truth, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Session);
  const db = join(t.dir, `${c.name}.db`);
  const views = sessions.map(seen);

  test('the load ran as planned', () => {
    expect(sessions).toHaveLength(600);
    expect(sessions.filter((s) => s.error !== undefined)).toEqual([]);
    // the run exercised what it is for: overlapping connections from one address
    expect(new Set(sessions.map((s) => s.src)).size).toBeGreaterThan(20);
    expect(views.filter((v) => v.stalled).length).toBeGreaterThan(10);
  });

  test('analyse reads every line', () => {
    const a = mxlens(['analyse', ...c.logs, '--db', db, ...(c.args ?? [])]);
    expect(a.stderr).toBe('');
    expect(a.status).toBe(0);
  });

  test('totals: sessions, received, delivered, bounced, refused, stalled', () => {
    const r = JSON.parse(mxlens(['report', '--db', db, '--format', 'json', '--top', '1000']).stdout);
    const messages = views.flatMap((v) => v.messages);
    const refusals = views.flatMap((v) => v.refusals);
    // every recipient the server took was delivered, except those the remote refuses ("r550-" at the
    // lab's sink), whose bounce was delivered to the local sender instead
    const refusedRemotely = messages.flatMap((m) => m.rcpts).filter((a) => a.startsWith('r550-')).length;
    expect(r.totals).toMatchObject({
      unparsed: 0,
      sessions: sessions.length,
      received: c.postfix ? views.reduce((n, v) => n + v.begun, 0) : messages.length,
      delivered: messages.flatMap((m) => m.rcpts).length,
      bounced: refusedRemotely,
      rejected: {
        total: refusals.length,
        '5xx': refusals.filter((x) => x.code! >= 500).length,
        '4xx': refusals.filter((x) => x.code! < 500).length,
      },
      stalled_354: views.filter((v) => v.stalled).length,
    });
    expect(refusedRemotely).toBeGreaterThan(0);
  });

  test('refusals by code and stage', () => {
    const r = JSON.parse(mxlens(['report', '--db', db, '--format', 'json', '--top', '1000']).stdout);
    const want = new Map<string, number>();
    for (const x of views.flatMap((v) => v.refusals)) {
      const k = `${x.code} ${x.cmd}`;
      want.set(k, (want.get(k) ?? 0) + 1);
    }
    const got = new Map<string, number>();
    for (const g of r.rejections as Array<{ code: number; stage: string; count: number; direction: string }>) {
      expect(g.direction).toBe('inbound');
      const k = `${g.code} ${g.stage}`;
      got.set(k, (got.get(k) ?? 0) + g.count);
    }
    expect(Object.fromEntries(got)).toEqual(Object.fromEntries(want));
    const stalls = r.stalled as Array<{ direction: string; count: number }>;
    expect(stalls.map((s) => [s.direction, s.count])).toEqual([['inbound', views.filter((v) => v.stalled).length]]);
  });

  test('every queue id a client was given is a stored message with its sender and client', () => {
    const d = new Database(db, { readonly: true });
    try {
      const q = d.prepare('SELECT client_ip, sender FROM messages WHERE queue_id = ?');
      let n = 0;
      sessions.forEach((s, i) => {
        for (const m of views[i]!.messages) {
          const id = c.queued.exec(m.id)?.[1];
          expect(id, m.id).toBeDefined();
          expect(q.get(id), id).toEqual({ client_ip: s.src, sender: m.sender });
          n++;
        }
      });
      expect(n).toBeGreaterThan(300);
    } finally {
      d.close();
    }
  });

  test('the messages of one connection are on one session, and on no other connection', () => {
    const d = new Database(db, { readonly: true });
    const q = d.prepare('SELECT session_id FROM messages WHERE queue_id = ?').pluck();
    const owner = new Map<number, number>();
    sessions.forEach((s, i) => {
      const ids = new Set(views[i]!.messages.map((m) => q.get(c.queued.exec(m.id)![1]) as number | null));
      if (ids.size === 0) return;
      expect([...ids], `session ${s.n}`).toHaveLength(1);
      const id = [...ids][0]!;
      expect(id, `session ${s.n}`).not.toBeNull();
      expect(owner.get(id), `session row ${id}`).toBeUndefined();
      owner.set(id, s.n);
    });
    d.close();
    expect(owner.size).toBeGreaterThan(300);
  });

  test('each connection is one session with its own refusals, messages and stall', () => {
    const d = new Database(db, { readonly: true });
    const rows = d.prepare('SELECT client_ip, helo, rejects, messages, stalled FROM sessions').all() as Array<{ client_ip: string; helo: string | null; rejects: number; messages: number; stalled: number }>;
    d.close();
    // Postfix keys a connection by its smtpd process, so connections at once never share a key, and
    // Exim's +pid names the process on every line; Postfix names the HELO only on a refusal, so its
    // sessions are grouped by address alone
    const tw = c.postfix || c.pids ? new Set<number>() : twins(sessions);
    const by = (ip: string, helo: string | null) => (c.postfix ? ip : `${ip} ${helo}`);
    // per address and HELO name, the multiset of sessions; addresses with indistinguishable twins are
    // compared by their sums only
    const want = new Map<string, string[]>();
    const got = new Map<string, string[]>();
    const twinAddr = new Set(sessions.filter((s) => tw.has(s.n)).map((s) => s.src));
    const put = (m: Map<string, string[]>, k: string, v: string) => m.set(k, [...(m.get(k) ?? []), v].sort());
    const sums = (m: Map<string, number[]>, k: string, v: number[]) => m.set(k, (m.get(k) ?? [0, 0, 0, 0]).map((x, i) => x + v[i]!));
    const wantSum = new Map<string, number[]>();
    const gotSum = new Map<string, number[]>();
    sessions.forEach((s, i) => {
      const v = views[i]!;
      const row = c.postfix
        ? [v.refusals.filter((x) => x.cmd !== 'END-OF-DATA').length, v.begun, v.stalled ? 1 : 0]
        : [v.refusals.length, v.messages.length, v.stalled ? 1 : 0];
      sums(wantSum, s.src, [1, ...row]);
      if (!twinAddr.has(s.src)) put(want, by(s.src, v.helo), sig(row[0]!, row[1]!, row[2]!));
    });
    for (const r of rows) {
      sums(gotSum, r.client_ip, [1, r.rejects, r.messages, r.stalled]);
      if (!twinAddr.has(r.client_ip)) put(got, by(r.client_ip, r.helo), sig(r.rejects, r.messages, r.stalled));
    }
    expect(Object.fromEntries(gotSum)).toEqual(Object.fromEntries(wantSum));
    expect(Object.fromEntries(got)).toEqual(Object.fromEntries(want));
    expect(want.size).toBeGreaterThanOrEqual(c.bySession);
  });

  test('runs cut anywhere store what one run stores', () => {
    const one = join(t.dir, `${c.name}-whole.db`);
    expect(mxlens(['analyse', c.logs[0]!, '--db', one, ...(c.args ?? [])]).status).toBe(0);
    const lines = readFileSync(c.logs[0]!, 'utf8').split('\n').length;
    const cuts = Array.from({ length: 8 }, (_, i) => Math.floor(((i + 1) * lines) / 9));
    expectCutRunsSame(t.dir, c.logs[0]!, cuts, dump(one));
  }, 120_000);
});

// Exim through syslog writes a reject log line twice from one process; under load other processes'
// lines come between the two. A run that ends between them must find the pair when the next one reads
// the copy: the last Exim lines read are kept with the checkpoint (sources.recent_exim).
describe.skipIf(!built)('Exim through syslog, a run cut between a line and its copy', () => {
  test('stores what one run stores', () => {
    const log = join(DIR, 'lab4-exim-onehelo-syslog.log');
    const lines = readFileSync(log, 'utf8').split('\n');
    const proc = (l: string) => / exim\[(\d+)\]: (.*)$/.exec(l);
    // the first lines whose copy comes after another process's line
    const cuts: number[] = [];
    for (let i = 0; i < lines.length && cuts.length < 3; i++) {
      const a = proc(lines[i]!);
      const b = proc(lines[i + 1] ?? '');
      if (a === null || b === null || b[1] === a[1]) continue;
      for (let j = i + 2; j < Math.min(lines.length, i + 8); j++) {
        const c = proc(lines[j]!);
        if (c !== null && c[1] === a[1]) {
          if (c[2] === a[2] && /rejected/.test(a[2]!)) cuts.push(i + 1);
          break;
        }
      }
    }
    expect(cuts.length).toBe(3);
    const one = join(t.dir, 'syslog-whole.db');
    expect(mxlens(['analyse', log, '--db', one]).status).toBe(0);
    expectCutRunsSame(t.dir, log, cuts, dump(one));
  }, 60_000);
});

