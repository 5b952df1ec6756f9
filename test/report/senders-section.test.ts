import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { analyse } from '../../src/app/analyse.js';
import { buildReport } from '../../src/app/report.js';
import { renderText } from '../../src/report/render/text.js';
import { renderMarkdown } from '../../src/report/render/markdown.js';
import { sizeText } from '../../src/report/render/left-out.js';
import type { Report } from '../../src/report/types.js';
import { fixture, scalar, tempDir } from '../helpers.js';

// Senders by messages received (pflogsumm's "Senders by message count"): where a hijacked account
// or a runaway script shows.

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const now = () => Date.parse('2026-11-29T00:00:00Z');
const db = join(tmp.dir, 'lab.db');
let all: Report;

beforeAll(async () => {
  await analyse({ db, inputs: [fixture('lab/postfix-maillog_file.log')], now });
  all = buildReport({ db, window: { from: null, to: null }, top: 100, now });
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
    expect(renderText(all)).toMatch(/\n {2}\(none logged: mostly refused or abandoned during DATA\) +8 +0 +0 B\n/);
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
