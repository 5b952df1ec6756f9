import { afterAll, describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { analyse } from '../../src/app/analyse.js';
import { buildReport } from '../../src/app/report.js';
import { renderHtml } from '../../src/report/render/html.js';
import { renderMarkdown } from '../../src/report/render/markdown.js';
import { renderReportCsv } from '../../src/report/render/csv.js';
import { renderText } from '../../src/report/render/text.js';
import { fixture, scalar, tempDir } from '../helpers.js';

// Real lines damaged the ways logs get damaged (cut short, doubled, dropped, out of order,
// spliced, odd bytes, extreme field values, markup): with a fixed seed, every line must still be
// parsed or counted, and every report format must render, the HTML with the markup escaped.

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const now = () => Date.parse('2026-11-29T00:00:00Z');

function prng(seed: number) {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return { next, int, pick: <T>(xs: readonly T[]): T => xs[int(xs.length)]! };
}
type Rng = ReturnType<typeof prng>;

// lines as latin1 strings: one char per byte, so a cut can fall inside a UTF-8 sequence
const SOURCES = ['lab/postfix-syslog.log', 'lab/exim-mainlog.log', 'lab2/lab2-exim-mainlog.log', 'corpus/postfix/pixelpark-postfix-logsums.log', 'corpus/exim/exim-testsuite-mainlog.log']
  .map((p) => readFileSync(fixture(p)).toString('latin1').split('\n').filter((l) => l !== ''));

const MARKUP = '<zq1 x="&\'">';
const FIELDS: Array<[RegExp, string[]]> = [
  [/\d+/, ['9'.repeat(40), '0', '9007199254740992', '-1']],
  [/\[\d+\]:/, ['[0]:', '[9007199254740992]:', '[]:']],
  [/<[^>]*>/, ['<>', '<', MARKUP]],
  [/H=\S+/, ['H=', 'H=(', `H=${MARKUP}`]],
  [/\b[245]\d\d\b/, ['999', '000']],
  [/\b[245]\.\d{1,3}\.\d{1,3}\b/, ['5.999.999']],
  [/^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d/, ['Feb 30 24:61:61', 'Xyz 99 99:99:99']],
  [/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/, ['9999-02-30 24:61:61', '0000-00-00 00:00:00']],
  [/size=\d+/, ['size=-1', `size=${'9'.repeat(40)}`]],
  [/[A-Za-z]{4,}/, [MARKUP, '']],
];
const BYTES = ['\0', '\r', '\xff', '\xc3', '\xed\xa0\x80', '\t', '\x1b[31m'];

const OPS: Array<(l: string[], r: Rng) => void> = [
  (l, r) => { const i = r.int(l.length); l[i] = l[i]!.slice(0, r.int(l[i]!.length + 1)); },
  (l, r) => { const i = r.int(l.length); l.splice(i + 1, 0, l[i]!); },
  (l, r) => { if (l.length > 1) l.splice(r.int(l.length), 1); },
  (l, r) => { const i = r.int(l.length), j = r.int(l.length); [l[i], l[j]] = [l[j]!, l[i]!]; },
  (l, r) => { const i = r.int(l.length), j = r.int(l.length); l[i] = l[i]!.slice(0, r.int(l[i]!.length + 1)) + l[j]!.slice(r.int(l[j]!.length + 1)); },
  (l, r) => { const i = r.int(l.length), p = r.int(l[i]!.length + 1); l[i] = l[i]!.slice(0, p) + r.pick(BYTES) + l[i]!.slice(p); },
  (l, r) => { const i = r.int(l.length), p = r.int(l[i]!.length + 1); l[i] = l[i]!.slice(0, p) + 'A'.repeat(r.pick([3000, 70_000])) + l[i]!.slice(p); },
  (l, r) => {
    const [re, values] = r.pick(FIELDS);
    const i = r.int(l.length);
    l[i] = l[i]!.replace(re, r.pick(values));
  },
];

// The lines the reader counts: non-empty once a final CR is off, with Exim's continuation lines
// (indented, or Envelope-/header lines) folded into the entry an Exim stamp began (assemble.ts).
function logicalLines(lines: string[]): number {
  let held = 0;
  let parts = false;
  let n = 0;
  for (const raw of lines) {
    const l = raw.replace(/\r$/, '');
    if (l === '') continue;
    const envelope = /^Envelope-(?:from|to): /.test(l);
    const indented = l[0] === ' ' || l[0] === '\t';
    if (held > 0 && ((parts || envelope) ? envelope || indented || /^(?:[A-Z* ] [\x21-\x39\x3b-\x7e][^:]*:|\*\*\* truncated \*\*\*$)/.test(l) : indented)) {
      parts ||= envelope;
      held++;
      continue;
    }
    n++;
    held = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/.test(l) ? 1 : 0;
    parts = false;
  }
  return n;
}

describe('mutated real lines', () => {
  let escaped = 0;
  for (let seed = 1; seed <= 6; seed++) {
    test(`seed ${seed}: 60 mutations, every line counted, every report renders`, async () => {
      const r = prng(seed);
      const src = SOURCES[seed % SOURCES.length]!;
      const start = r.int(src.length - 120);
      const lines = src.slice(start, start + 120);
      for (let k = 0; k < 60; k++) r.pick(OPS)(lines, r);
      // and markup in the last word of a few lines, where reply texts and addresses are
      for (let k = 0; k < 10; k++) {
        const i = r.int(lines.length);
        // (not in the over-long lines: on a 70 000-letter word this pattern takes seconds)
        if (lines[i]!.length < 3000) lines[i] = lines[i]!.replace(/[A-Za-z]{4,}(?=[^A-Za-z]*$)/, MARKUP);
      }
      // no mutation above makes a "[n/m]" split part (those are joined across lines)
      expect(lines.some((l) => /\]: \[\d+[/\\]\d+\]/.test(l))).toBe(false);
      const input = Buffer.from(`${lines.join('\n')}\n`, 'latin1');
      const parts: Buffer[] = [];
      const size = r.pick([61, 4096]);
      for (let i = 0; i < input.length; i += size) parts.push(input.subarray(i, i + size));
      const db = join(tmp.dir, `m${seed}.db`);
      const [res] = await analyse({ db, inputs: ['-'], stdin: Readable.from(parts), now, year: 2026 });
      const want = logicalLines(lines);
      expect(res!.parsed + res!.unparsed + res!.foreign).toBe(want);
      expect(scalar(db, 'SELECT sum(parsed + unparsed + foreign_lines) FROM line_stats')).toBe(want);
      expect(scalar(db, 'SELECT sum(lines) FROM line_minutes')).toBe(want);
      expect(scalar(db, 'SELECT sum(count) FROM misses')).toBe(res!.unparsed);

      const report = buildReport({ db, window: { from: null, to: null }, top: 10, now });
      expect(report.totals.lines).toBe(want);
      renderText(report);
      renderMarkdown(report);
      renderReportCsv(report);
      JSON.stringify(report);
      const html = renderHtml(report);
      expect(html).not.toContain('<zq1');
      escaped += html.split('&lt;zq1').length - 1;
    });
  }
  test('the markup reached the HTML reports (escaped), so the check above had something to check', () => {
    expect(escaped).toBeGreaterThan(0);
  });
});
