import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { analyse } from '../../src/app/analyse.js';
import { buildReport, UnknownHostError } from '../../src/app/report.js';
import type { Window } from '../../src/store/queries.js';
import type { Report } from '../../src/report/types.js';
import { renderText } from '../../src/report/render/text.js';
import { renderMarkdown } from '../../src/report/render/markdown.js';
import { renderHtml } from '../../src/report/render/html.js';
import { cli, fixture, tempDir } from '../helpers.js';

// A central syslog file holds several mail servers. `report --host` gives each one the report
// it would get from a database of its own lines only: every section, the line counts and the
// unparsed shapes with an example from that host.

const LOGS: Record<string, string> = {
  mx: fixture('lab/postfix-maillog_file.log'),
  vm: fixture('lab/postfix-syslog.log'),
  ntardis: fixture('corpus/postfix/mailgraph-postfix.log'),
  username: fixture('corpus/postfix/datadog-integrations-core-postfix.log'),
};
const HOSTS = Object.keys(LOGS);
const now = () => Date.parse('2026-11-29T00:00:00Z');
const tmp = tempDir();
afterAll(() => tmp.cleanup());
const all = join(tmp.dir, 'all.db');
const own = (host: string) => join(tmp.dir, `${host}.db`);

const report = (db: string, win: Window): Report => buildReport({ db, window: win, top: 50, now });
/** the report without what tells the two databases apart (when it was made, which hosts it names) */
const facts = (r: Report) => ({ ...r, generated_at: null, window: { from: r.window.from, to: r.window.to } });

beforeAll(async () => {
  await analyse({ db: all, inputs: Object.values(LOGS), now, year: 2026 });
  for (const h of HOSTS) await analyse({ db: own(h), inputs: [LOGS[h]!], now, year: 2026 });
});

describe('report --host', () => {
  test('each host gets the report of a database holding its lines only', () => {
    for (const h of HOSTS) {
      const r = report(all, { from: null, to: null, hosts: [h] });
      expect(r.window.hosts).toEqual([h]);
      expect(facts(r)).toEqual(facts(report(own(h), { from: null, to: null })));
    }
    // the hosts really differ: the filter is not a no-op
    expect(report(all, { from: null, to: null, hosts: ['mx'] }).totals.lines).not.toBe(report(all, { from: null, to: null }).totals.lines);
  });

  test('the same inside a time window', () => {
    // the two lab runs were a few minutes apart
    const windows: Record<string, [string, string]> = { mx: ['2026-11-28T17:56:30Z', '2026-11-28T17:58:00Z'], vm: ['2026-11-28T17:59:30Z', '2026-11-28T18:01:00Z'] };
    for (const [h, [from, to]] of Object.entries(windows)) {
      const win = { from: Date.parse(from), to: Date.parse(to) };
      const r = report(all, { ...win, hosts: [h] });
      expect(r.totals.lines).toBeGreaterThan(0);
      expect(facts(r)).toEqual(facts(report(own(h), win)));
    }
  });

  test('unparsed shapes are the host\'s own, with its own example line', () => {
    const r = report(all, { from: null, to: null, hosts: ['username'] });
    expect(r.totals.unparsed).toBe(3);
    expect(r.unparsed.reduce((n, u) => n + u.count, 0)).toBe(3);
    for (const u of r.unparsed) expect(u.example).toMatch(/^\S+ +\d+ [\d:]+ username /);
    const two = report(all, { from: null, to: null, hosts: ['username', 'ntardis'] });
    expect(two.totals.unparsed).toBe(5);
    expect(two.unparsed.reduce((n, u) => n + u.count, 0)).toBe(5);
  });

  test('several hosts add up; names are matched without regard to case', () => {
    const both = report(all, { from: null, to: null, hosts: ['MX', 'vm'] });
    expect(both.window.hosts).toEqual(['mx', 'vm']);
    const mx = report(all, { from: null, to: null, hosts: ['mx'] });
    const vm = report(all, { from: null, to: null, hosts: ['vm'] });
    expect(both.totals.lines).toBe(mx.totals.lines + vm.totals.lines);
    expect(both.totals.rejected.total).toBe(mx.totals.rejected.total + vm.totals.rejected.total);
    expect(both.totals.stalled_354).toBe(mx.totals.stalled_354 + vm.totals.stalled_354);
  });

  test('a host the database has no line of is an error naming the hosts it has', () => {
    expect(() => report(all, { from: null, to: null, hosts: ['mx9'] })).toThrow(UnknownHostError);
    expect(() => report(all, { from: null, to: null, hosts: ['mx9'] })).toThrow('its hosts: mx, ntardis, username, vm');
  });

  test('lines stored before shapes were kept per host are counted, and said to be without a shape', () => {
    const db = new Database(all);
    db.exec('DELETE FROM miss_hosts; DELETE FROM miss_host_minutes');
    db.close();
    const r = report(all, { from: null, to: null, hosts: ['username'] });
    expect(r.totals.unparsed).toBe(3);
    expect(r.unparsed).toEqual([]);
    expect(r.left_out.unparsed).toEqual({ groups: 0, lines: 0, unshaped: 3 });
    expect(renderText(r)).toContain('+ 3 unparsed lines stored by an older mxlens');
    // the report for every host still lists their shapes (misses kept them for all hosts together)
    expect(report(all, { from: null, to: null }).unparsed.reduce((n, u) => n + u.count, 0)).toBe(5);
  });
});

describe('the HOSTS table', () => {
  test('one row per host, adding up to the totals; shown in text only when there are several', () => {
    const r = report(all, { from: null, to: null });
    expect(r.hosts!.map((h) => h.host).sort()).toEqual(HOSTS.slice().sort());
    const sum = (k: 'lines' | 'unparsed' | 'rejected' | 'bounced' | 'deferrals' | 'stalled_354' | 'tls_failures') => r.hosts!.reduce((n, h) => n + (h[k] ?? 0), 0);
    expect(sum('lines')).toBe(r.totals.lines);
    expect(sum('unparsed')).toBe(r.totals.unparsed);
    expect(sum('rejected')).toBe(r.totals.rejected.total);
    expect(sum('bounced')).toBe(r.totals.bounced);
    expect(sum('deferrals')).toBe(r.totals.deferrals);
    expect(sum('stalled_354')).toBe(r.totals.stalled_354);
    expect(sum('tls_failures')).toBe(r.totals.tls_failures);
    // most lines first
    expect(r.hosts!.map((h) => h.lines)).toEqual(r.hosts!.map((h) => h.lines).sort((a, b) => b - a));
    const text = renderText(r);
    expect(text).toMatch(/^HOSTS\n {2}host +lines +unparsed +rejected +bounced +deferrals +stalled 354 +TLS failures\n {2}mx +724 +0 +31 +11 +61 +18 +0$/m);
    expect(renderText(report(all, { from: null, to: null, hosts: ['mx'] }))).not.toContain('HOSTS');
  });

  test('--top limits the rows and says how many hosts are left out', () => {
    const r = buildReport({ db: all, window: { from: null, to: null }, top: 2, now });
    expect(r.hosts).toHaveLength(2);
    expect(r.left_out!.hosts!.groups).toBe(2);
    expect(r.hosts!.reduce((n, h) => n + h.lines, 0) + r.left_out!.hosts!.lines).toBe(r.totals.lines);
    // they are hosts, not groups, in every format
    for (const out of [renderText(r), renderMarkdown(r), renderHtml(r)]) expect(out).toMatch(/… 2 more hosts \(\d+ lines\); use --top 4 to see them all/);
  });
});

describe('report --host on the command line', () => {
  test('names the host in the title, labels the metrics, refuses an unknown host with exit 64', () => {
    const db = own('vm');
    const text = cli(['report', '--db', all, '--host', 'ntardis,username']);
    expect(text.code).toBe(0);
    expect(text.stdout.split('\n')[0]).toBe('mxlens report (everything in the database; hosts ntardis, username)');
    const prom = cli(['report', '--db', all, '--host', 'vm', '--format', 'prom']);
    expect(prom.stdout).toMatch(/^mxlens_sessions\{host="vm"\} \d+$/m);
    const bad = cli(['report', '--db', db, '--host', 'mx']);
    expect(bad.code).toBe(64);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toBe('mxlens: --host mx: the database has no line from this host (its hosts: vm)\n');
    // the same while a writer holds the database open (its -wal exists): still a usage error, not 'bad data'
    const writer = new Database(db);
    try {
      writer.pragma('journal_mode = WAL');
      writer.prepare('SELECT count(*) FROM sessions').get();
      for (const cmd of [['report'], ['trace', '192.0.2.1']]) {
        const busy = cli([...cmd, '--db', db, '--host', 'mx']);
        expect(busy.code, busy.stderr).toBe(64);
        expect(busy.stderr).toBe('mxlens: --host mx: the database has no line from this host (its hosts: vm)\n');
      }
    } finally {
      writer.close();
    }
  });
});

describe('hosts at the edges', () => {
  const relay = (host: string, at: string, ip: string) =>
    `Nov 30 ${at} ${host} postfix/smtpd[100]: NOQUEUE: reject: RCPT from unknown[${ip}]: 554 5.7.1 <v@remote.example>: Relay access denied; from=<a@spam.example> to=<v@remote.example> proto=ESMTP helo=<spam.example>`;

  test('--host takes every spelling of the host the log gives (MX1 and mx1)', async () => {
    const log = join(tmp.dir, 'case.log');
    writeFileSync(log, `${relay('MX1', '22:00:01', '192.0.2.60')}\n${relay('mx1', '22:10:01', '192.0.2.61')}\n${relay('mx2', '22:20:01', '192.0.2.62')}\n`);
    const db = join(tmp.dir, 'case.db');
    await analyse({ db, inputs: [log], now, year: 2026 });
    for (const asked of ['MX1', 'mx1']) {
      const r = report(db, { from: null, to: null, hosts: [asked] });
      expect(r.window.hosts).toEqual(['MX1', 'mx1']);
      expect(r.totals.rejected.total).toBe(2);
    }
  });

  test('a window that starts inside a minute keeps a host whose events fall in it, so the rows add up to the totals', async () => {
    const log = join(tmp.dir, 'edge.log');
    writeFileSync(log, [
      'Nov 30 10:00:45 mx2 postfix/smtp[200]: 4B1C2D3E4F: to=<u@remote.example>, relay=mx.remote.example[198.51.100.50]:25, delay=300, delays=0.1/0/300/0, dsn=4.4.2, status=deferred (conversation with mx.remote.example[198.51.100.50] timed out while sending message body)',
      'Nov 30 10:00:50 mx1 postfix/smtpd[300]: connect from unknown[192.0.2.70]',
      relay('mx1', '10:01:10', '192.0.2.70'),
      '',
    ].join('\n'));
    const db = join(tmp.dir, 'edge.db');
    await analyse({ db, inputs: [log], now, year: 2026 });
    const r = report(db, { from: new Date(2026, 10, 30, 10, 0, 40).getTime(), to: null });
    const hosts = r.hosts ?? [];
    expect(hosts.map((h) => h.host).sort()).toEqual(['mx1', 'mx2']);
    expect(hosts.reduce((n, h) => n + h.deferrals, 0)).toBe(r.totals.deferrals);
    expect(hosts.reduce((n, h) => n + h.stalled_354, 0)).toBe(r.totals.stalled_354);
    expect(r.totals.stalled_354).toBe(1);
  });
});
