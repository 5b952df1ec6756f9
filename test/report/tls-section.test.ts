import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { analyse } from '../../src/app/analyse.js';
import { buildReport } from '../../src/app/report.js';
import { renderText } from '../../src/report/render/text.js';
import { renderMarkdown } from '../../src/report/render/markdown.js';
import { renderHtml } from '../../src/report/render/html.js';
import { renderReportCsv } from '../../src/report/render/csv.js';
import { renderProm } from '../../src/report/render/prom.js';
import type { Report } from '../../src/report/types.js';
import { crossedRules, parseRule } from '../../src/report/thresholds.js';
import { fixture, tempDir } from '../helpers.js';

// Clients that failed STARTTLS with the lab's servers are listed by what went wrong, with the
// client and what to do: "why do some clients fail TLS" is answered in the report.

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const now = () => Date.parse('2026-11-30T00:00:00Z');
let r: Report;
const db = () => join(tmp.dir, 'lab2.db');

beforeAll(async () => {
  await analyse({ db: db(), inputs: [fixture('lab2/lab2-postfix.log'), fixture('lab2/lab2-exim-mainlog.log')], now, year: 2026 });
  r = buildReport({ db: db(), window: { from: null, to: null }, top: 50, now });
});

describe('the TLS FAILURES section', () => {
  test('each failure of the lab runs, grouped by what went wrong, with the client and the remedy', () => {
    const view = r.tls!.map((g) => ({ direction: g.direction, reason: g.reason, count: g.count, remedy: g.remedy.id, peers: g.top_peers.map((p) => p.value) }));
    expect(view).toEqual([
      { direction: 'inbound', reason: 'SSL_accept error: -N; wrong version number', count: 1, remedy: 'tls.wrong-version', peers: ['unknown[127.0.0.114]'] },
      { direction: 'inbound', reason: 'SSL_accept error: lost connection', count: 1, remedy: 'tls.peer-dropped', peers: ['unknown[127.0.0.114]'] },
      { direction: 'inbound', reason: 'TLS error on connection from a peer (gnutls_handshake): An unexpected TLS packet was received.', count: 1, remedy: 'tls.wrong-version', peers: ['[127.0.0.112]'] },
      { direction: 'inbound', reason: 'TLS error on connection from a peer (gnutls_handshake): The TLS connection was non-properly terminated.', count: 1, remedy: 'tls.peer-dropped', peers: ['[127.0.0.112]'] },
    ]);
    // the receiving side's fix: what our server can do about clients that fail
    const wrong = r.tls!.find((g) => g.remedy.id === 'tls.wrong-version')!;
    expect(wrong.examples[0]).toContain('SSL_accept error from unknown[127.0.0.114]: -1');
    expect(wrong.remedy.fix).not.toBe('');
  });

  test('in every format', () => {
    expect(renderText(r)).toContain('TLS FAILURES (handshakes that failed, certificates that did not verify)');
    expect(renderText(r)).toContain('[tls.wrong-version]');
    expect(renderMarkdown(r)).toContain('## TLS failures (handshakes, certificates)');
    expect(renderHtml(r)).toContain('<h2>TLS failures (handshakes, certificates)</h2>');
    expect(renderReportCsv(r).split('\n').filter((l) => l.startsWith('tls,'))).toHaveLength(4);
    // one series per direction and remedy: two reasons share each here
    const prom = renderProm(r);
    expect(prom).toMatch(/^mxlens_tls_failures\{direction="inbound",reason_class="tls\.wrong-version"\} 2$/m);
    expect(prom).toMatch(/^mxlens_tls_failures\{direction="inbound",reason_class="tls\.peer-dropped"\} 2$/m);
    expect(prom).toMatch(/^mxlens_tls_failures_total 4$/m);
  });

  test('counted in the totals, so cron can alert on a jump (a certificate renewal gone wrong)', () => {
    expect(r.totals.tls_failures).toBe(4);
    expect(crossedRules(r, [parseRule('tls_failures>3')]).map((c) => c.actual)).toEqual([4]);
    expect(crossedRules(r, [parseRule('tls_failures>4')])).toEqual([]);
    // and shown with the totals, not only in the JSON (a one-host report has no HOSTS table)
    expect(renderText(r)).toMatch(/^ {2}rejected .*, TLS failures 4$/m);
    expect(renderMarkdown(r)).toMatch(/\| bounced \| expired \| rejected \(5xx\/4xx\) \| stalled 354 \| TLS failures \|$/m);
    expect(renderMarkdown(r)).toMatch(new RegExp(`\\| ${r.totals.bounced} \\| ${r.totals.expired} \\| .* \\| ${r.totals.stalled_354} \\| 4 \\|$`, 'm'));
  });

  test('Vietnamese', () => {
    const vi = buildReport({ db: db(), window: { from: null, to: null }, top: 50, now, lang: 'vi' });
    expect(renderText(vi)).toContain('LỖI TLS');
    expect(vi.tls!.every((g) => g.remedy.lang === 'vi' && !g.remedy.fallback)).toBe(true);
  });

  test('--top and --host limit it like the other lists', () => {
    const small = buildReport({ db: db(), window: { from: null, to: null }, top: 1, now });
    expect(small.tls).toHaveLength(1);
    expect(small.left_out!.tls).toEqual({ groups: 3, lines: 3 });
    // the HOSTS table counts them per host: Postfix's syslog host, and Exim's own file with none
    expect(Object.fromEntries(r.hosts!.map((h) => [h.host, h.tls_failures]))).toEqual({ '': 2, mx: 2 });
    const mx = buildReport({ db: db(), window: { from: null, to: null, hosts: ['mx'] }, top: 50, now });
    expect(mx.tls!.map((g) => g.reason)).toEqual(['SSL_accept error: -N; wrong version number', 'SSL_accept error: lost connection']);
  });
});

describe('the peers of each TLS group', () => {
  test('are ranked within their own group, most failures first, ties by name, --top of them', async () => {
    // fixtures/lab2/lab2-postfix.log lines 121 and 125, from several clients (addresses changed)
    const lost = (ip: string, s: number): string => `Nov 29 06:58:${String(s).padStart(2, '0')} mx postfix/smtpd[5841]: SSL_accept error from unknown[${ip}]: lost connection`;
    const eof = (ip: string, s: number): string => `Nov 29 06:59:${String(s).padStart(2, '0')} mx postfix/smtpd[5959]: SSL_accept error from unknown[${ip}]: -1`;
    const lines = [
      lost('192.0.2.9', 1), lost('192.0.2.7', 2), lost('192.0.2.7', 3), lost('192.0.2.8', 4), lost('192.0.2.7', 5), lost('192.0.2.9', 6), lost('192.0.2.1', 7),
      eof('198.51.100.3', 1), eof('198.51.100.2', 2), eof('198.51.100.3', 3),
    ];
    const file = join(tmp.dir, 'peers.log');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const peersDb = join(tmp.dir, 'peers.db');
    await analyse({ db: peersDb, inputs: [file], now, year: 2026 });
    const top2 = buildReport({ db: peersDb, window: { from: null, to: null }, top: 2, now });
    expect(top2.tls!.map((g) => [g.reason, g.top_peers])).toEqual([
      ['SSL_accept error: lost connection', [{ value: 'unknown[192.0.2.7]', count: 3 }, { value: 'unknown[192.0.2.9]', count: 2 }]],
      ['SSL_accept error: -N', [{ value: 'unknown[198.51.100.3]', count: 2 }, { value: 'unknown[198.51.100.2]', count: 1 }]],
    ]);
    const all = buildReport({ db: peersDb, window: { from: null, to: null }, top: 10, now });
    expect(all.tls![0]!.top_peers.map((p) => [p.value, p.count])).toEqual([
      ['unknown[192.0.2.7]', 3], ['unknown[192.0.2.9]', 2], ['unknown[192.0.2.1]', 1], ['unknown[192.0.2.8]', 1],
    ]);
  });
});
