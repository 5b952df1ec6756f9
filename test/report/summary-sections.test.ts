import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyse } from '../../src/app/analyse.js';
import { buildReport } from '../../src/app/report.js';
import { renderText } from '../../src/report/render/text.js';
import { renderMarkdown } from '../../src/report/render/markdown.js';
import { renderHtml } from '../../src/report/render/html.js';
import { delayText, sizeText } from '../../src/report/render/left-out.js';
import type { Report } from '../../src/report/types.js';
import { fixture, scalar, tempDir } from '../helpers.js';

// The summaries pflogsumm users look for, on the lab log: delivery attempts per recipient domain
// ("Host/Domain Summary: Message Delivery"), where the destination that defers or is slow shows, and
// senders by messages received ("Senders by message count"), where a hijacked account shows.

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const now = () => Date.parse('2026-11-29T00:00:00Z');
const db = join(tmp.dir, 'lab.db');
let all: Report;

beforeAll(async () => {
  await analyse({ db, inputs: [fixture('lab/postfix-maillog_file.log')], now });
  all = buildReport({ db, window: { from: null, to: null }, top: 100, now });
});

describe('the DELIVERY BY RECIPIENT DOMAIN section', () => {
  test('every attempt with a recipient counts once, under its domain', () => {
    const sum = (k: 'delivered' | 'deferrals' | 'bounced') => all.domains!.reduce((n, d) => n + d[k], 0);
    const withDomain = (status: string) => scalar(db, `SELECT count(*) FROM deliveries WHERE status = '${status}' AND recipient_domain IS NOT NULL`);
    expect(sum('delivered')).toBe(withDomain('sent'));
    expect(sum('deferrals')).toBe(withDomain('deferred'));
    expect(sum('bounced')).toBe(withDomain('bounced'));
    // on this log every attempt names its recipient: the sums are the totals
    expect([sum('delivered'), sum('deferrals'), sum('bounced')]).toEqual([all.totals.delivered, all.totals.deferrals, all.totals.bounced]);
    expect(all.left_out!.domains).toEqual({ groups: 0, lines: 0 });
  });

  test('the lab\'s stalling destination: deferred, never delivered, so no delay to show', () => {
    // scenarios 11-11d: slow.test answers 354 and stalls, resets, or is marked dead
    const slow = all.domains!.find((d) => d.domain === 'slow.test');
    expect(slow).toMatchObject({ delivered: 0, bounced: 0, avg_delay: null, max_delay: null });
    expect(slow!.deferrals).toBeGreaterThan(0);
    // the local domain, delivered with Postfix's delay=: its slowest delivery is the largest delay= of a sent line
    const local = all.domains!.find((d) => d.domain === 'lab.example')!;
    expect(local.max_delay).toBe(scalar(db, `SELECT max(delay) FROM deliveries WHERE status = 'sent' AND recipient_domain = 'lab.example'`));
    expect(local.avg_delay).toBeGreaterThan(0);
    expect(local.avg_delay!).toBeLessThanOrEqual(local.max_delay!);
  });

  test('most attempts first; --top keeps the first and counts the rest', () => {
    const attempts = all.domains!.map((d) => d.delivered + d.deferrals + d.bounced);
    expect(attempts).toEqual([...attempts].sort((a, b) => b - a));
    const two = buildReport({ db, window: { from: null, to: null }, top: 2, now });
    expect(two.domains).toEqual(all.domains!.slice(0, 2));
    expect(two.left_out!.domains).toEqual({ groups: all.domains!.length - 2, lines: attempts.slice(2).reduce((a, b) => a + b, 0) });
    expect(renderText(two)).toContain(`… ${all.domains!.length - 2} more domains (${attempts.slice(2).reduce((a, b) => a + b, 0)} attempts); use --top ${all.domains!.length} to see them all`);
  });

  test('a window holds only its own attempts', () => {
    const before = buildReport({ db, window: { from: null, to: Date.parse('2000-01-01T00:00:00Z') }, top: 10, now });
    expect(before.domains).toEqual([]);
    expect(renderText(before)).toMatch(/DELIVERY BY RECIPIENT DOMAIN[^\n]*\n {2}none/);
  });

  test('text, Markdown and HTML show the same rows', () => {
    const first = all.domains![0]!;
    const cells = [String(first.delivered), String(first.deferrals), String(first.bounced), delayText(first.avg_delay), delayText(first.max_delay)];
    expect(renderText(all)).toMatch(new RegExp(`\\n {2}${first.domain.replace(/\./g, '\\.')} +${cells.join(' +')}\\n`));
    expect(renderMarkdown(all)).toContain(`| ${first.domain} | ${cells.join(' | ')} |`);
    expect(renderHtml(all)).toContain(`<tr><td>${first.domain}</td>${cells.map((c) => `<td class="n">${c}</td>`).join('')}</tr>`);
    const vi = renderText(buildReport({ db, window: { from: null, to: null }, top: 100, now, lang: 'vi' }));
    expect(vi).toContain('GỬI THƯ THEO TÊN MIỀN NGƯỜI NHẬN');
  });

  test('Exim without +queue_time: the delay runs from the message\'s <= line to its delivery', async () => {
    const exim = join(tmp.dir, 'exim.db');
    // the lab's mainlog logs no QT=; its message frozen by an ACL at 18:13:32 and thawed by hand was
    // delivered at 18:15:49, the longest wait of lab.example
    await analyse({ db: exim, inputs: [fixture('lab/exim-mainlog.log')], now });
    expect(scalar(exim, `SELECT count(delay) FROM deliveries`)).toBe(0);
    const local = buildReport({ db: exim, window: { from: null, to: null }, top: 100, now }).domains!.find((d) => d.domain === 'lab.example')!;
    expect(local.max_delay).toBe(137);
    expect(local.avg_delay).toBeGreaterThan(0);
    expect(local.avg_delay!).toBeLessThan(local.max_delay!);

    // the same delivery read without its arrival (a window that starts after the <= line): no delay
    // to show rather than a short one
    const cut = join(tmp.dir, 'cut.log');
    const lines = readFileSync(fixture('lab/exim-mainlog.log'), 'utf8').split('\n');
    writeFileSync(cut, lines.filter((l) => !/^\S+ \S+ 1xXMvU-0004Cg-0L <= /.test(l)).join('\n'));
    const cutDb = join(tmp.dir, 'cut.db');
    await analyse({ db: cutDb, inputs: [cut], now });
    const after = buildReport({ db: cutDb, window: { from: null, to: null }, top: 100, now }).domains!.find((d) => d.domain === 'lab.example')!;
    expect(after.delivered).toBe(local.delivered);
    expect(after.max_delay).toBeLessThan(137);
  });

  test('delays read at a glance', () => {
    expect([null, 0.3, 52.66, 128, 18_000, 259_200].map(delayText)).toEqual(['-', '0.3s', '52.7s', '2.1m', '5.0h', '3.0d']);
  });
});

describe('the TOP SENDERS section', () => {
  test('every message received counts once, under its sender', () => {
    expect(all.senders!.reduce((n, x) => n + x.messages, 0)).toBe(all.totals.received);
    const dave = all.senders!.find((x) => x.sender === 'dave@lab.example')!;
    expect(dave.messages).toBe(scalar(db, `SELECT count(*) FROM messages WHERE sender = 'dave@lab.example' AND origin IN ('smtp', 'pickup', 'local')`));
    expect(dave.bytes).toBe(scalar(db, `SELECT sum(size) FROM messages WHERE sender = 'dave@lab.example' AND origin IN ('smtp', 'pickup', 'local')`));
  });

  test('most messages first; messages whose sender no line gave come last, under their own words', () => {
    const named = all.senders!.filter((x) => x.sender !== null).map((x) => x.messages);
    expect(named).toEqual([...named].sort((a, b) => b - a));
    expect(all.senders!.at(-1)!.sender).toBeNull();
    // the 4 refused at end of data (header_checks, body_checks, the milter) count under the sender the refusal names
    expect(renderText(all)).toMatch(/\n {2}\(none logged: mostly abandoned during DATA\) +4 +0 +0 B\n/);
  });

  test('--top keeps the first and counts the rest', () => {
    const two = buildReport({ db, window: { from: null, to: null }, top: 2, now });
    expect(two.senders).toEqual(all.senders!.slice(0, 2));
    const rest = all.senders!.slice(2);
    expect(two.left_out!.senders).toEqual({ groups: rest.length, lines: rest.reduce((n, x) => n + x.messages, 0) });
    expect(renderMarkdown(two)).toContain(`… ${rest.length} more senders (${rest.reduce((n, x) => n + x.messages, 0)} messages); use --top ${all.senders!.length} to see them all`);
  });

  test('sizes read at a glance', () => {
    expect([0, 512, 19_936, 7_307_408, 3 * 1024 ** 3].map(sizeText)).toEqual(['0 B', '512 B', '19.5 kB', '7.0 MB', '3.0 GB']);
  });
});

describe('the TOP RECIPIENTS section', () => {
  test('every delivery counts once, under its recipient as logged, with the size of its message', () => {
    expect(all.recipients!.reduce((n, x) => n + x.delivered, 0)).toBe(all.totals.delivered);
    const dave = all.recipients!.find((x) => x.recipient === 'dave@lab.example')!;
    expect(dave.delivered).toBe(scalar(db, `SELECT count(*) FROM deliveries WHERE status = 'sent' AND recipient = 'dave@lab.example'`));
    expect(dave.bytes).toBe(scalar(db, `SELECT sum(m.size) FROM deliveries d JOIN messages m ON m.id = d.message_row WHERE d.status = 'sent' AND d.recipient = 'dave@lab.example'`));
    expect(dave.bytes).toBeGreaterThan(0);
    // the local domain's deliveries are its recipients' deliveries
    const local = all.recipients!.filter((x) => x.recipient.endsWith('@lab.example')).reduce((n, x) => n + x.delivered, 0);
    expect(local).toBe(all.domains!.find((d) => d.domain === 'lab.example')!.delivered);
  });

  test('most deliveries first; --top keeps the first and counts the rest, on every page', () => {
    const counts = all.recipients!.map((x) => x.delivered);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    const two = buildReport({ db, window: { from: null, to: null }, top: 2, now });
    expect(two.recipients).toEqual(all.recipients!.slice(0, 2));
    const rest = all.recipients!.slice(2);
    const lines = rest.reduce((n, x) => n + x.delivered, 0);
    expect(two.left_out!.recipients).toEqual({ groups: rest.length, lines });
    const note = `… ${rest.length} more recipients (${lines} deliveries); use --top ${all.recipients!.length} to see them all`;
    for (const page of [renderText(two), renderMarkdown(two), renderHtml(two)]) expect(page).toContain(note);
    const first = all.recipients![0]!;
    const cells = [String(first.delivered), sizeText(first.bytes)];
    expect(renderText(all)).toMatch(new RegExp(`TOP RECIPIENTS[^\\n]*\\n {2}recipient +delivered +size\\n {2}${first.recipient.replace(/\./g, '\\.')} +${cells.join(' +')}\\n`));
    expect(renderMarkdown(all)).toContain(`| ${first.recipient} | ${cells.join(' | ')} |`);
    expect(renderHtml(all)).toContain(`<tr><td>${first.recipient}</td>${cells.map((c) => `<td class="n">${c}</td>`).join('')}</tr>`);
    expect(renderText(buildReport({ db, window: { from: null, to: null }, top: 100, now, lang: 'vi' }))).toContain('NGƯỜI NHẬN NHIỀU NHẤT');
    // a report for some hosts only (the host column is named in a query of two tables)
    expect(buildReport({ db, window: { from: null, to: null, hosts: ['mx'] }, top: 100, now }).recipients).toEqual(all.recipients);
  });
});

describe('addresses counted as pflogsumm counts them', () => {
  test('the domain is read case-blind, the local part as logged', async () => {
    const log = join(tmp.dir, 'case.log');
    const to = (n: number, rcpt: string, from: string) => [
      `Nov 30 09:00:0${n} mx postfix/pickup[9]: ${n}A2B3C4D5E: uid=0 from=<${from}>`,
      `Nov 30 09:00:0${n} mx postfix/qmgr[8]: ${n}A2B3C4D5E: from=<${from}>, size=100, nrcpt=1 (queue active)`,
      `Nov 30 09:00:0${n} mx postfix/local[10]: ${n}A2B3C4D5E: to=<${rcpt}>, relay=local, delay=0.1, delays=0.05/0/0/0.05, dsn=2.0.0, status=sent (delivered to mailbox)`,
    ];
    writeFileSync(log, [...to(1, 'kdent@seaglass.com', 'a@Example.org'), ...to(2, 'kdent@SEAGLASS.COM', 'a@example.ORG'), ...to(3, 'Kdent@seaglass.com', 'A@example.org'), ''].join('\n'));
    const caseDb = join(tmp.dir, 'case.db');
    await analyse({ db: caseDb, inputs: [log], now, year: 2026 });
    const r = buildReport({ db: caseDb, window: { from: null, to: null }, top: 10, now });
    expect(r.recipients!.map((x) => [x.recipient, x.delivered])).toEqual([['kdent@seaglass.com', 2], ['Kdent@seaglass.com', 1]]);
    expect(r.senders!.map((x) => [x.sender, x.messages])).toEqual([['a@example.org', 2], ['A@example.org', 1]]);
  });
});
