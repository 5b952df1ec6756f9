import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { analyse } from '../../src/app/analyse.js';
import { buildReport } from '../../src/app/report.js';
import { renderText } from '../../src/report/render/text.js';
import { renderMarkdown } from '../../src/report/render/markdown.js';
import { renderHtml } from '../../src/report/render/html.js';
import { localStamp } from '../../src/report/render/clock.js';
import { mdText } from '../../src/report/render/markdown-escape.js';
import { explain } from '../../src/remedy/describe.js';
import type { Report } from '../../src/report/types.js';
import { cli, fixture, tempDir } from '../helpers.js';

// What a person reads: labels in the language asked for, times that match the log's own clock,
// Markdown that survives being rendered, a problems list to scan.

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const now = () => Date.parse('2026-11-29T00:00:00Z');
const db = join(tmp.dir, 'lab.db');
let en: Report;
let vi: Report;

beforeAll(async () => {
  await analyse({ db, inputs: [fixture('lab/postfix-maillog_file.log')], now });
  en = buildReport({ db, window: { from: null, to: null }, top: 50, now });
  vi = buildReport({ db, window: { from: null, to: null }, top: 50, now, lang: 'vi' });
});

describe('--lang vi translates the report around the remedy texts', () => {
  test('headings and labels are Vietnamese, as explain does', () => {
    const text = renderText(vi);
    for (const word of ['TỔNG SỐ', 'TỪ CHỐI VĨNH VIỄN', 'TỪ CHỐI TẠM THỜI', 'THƯ BỊ HOÃN', 'Ý nghĩa:', 'Khi nào:', 'Cách khắc phục:', 'Cách xử lý:']) expect(text).toContain(word);
    for (const word of ['TOTALS', 'REJECTIONS', 'DEFERRALS', '\n      Meaning:', '\n      Fix:', 'What to do:']) expect(text).not.toContain(word);
  });
  test('Markdown and HTML too', () => {
    const md = renderMarkdown(vi);
    for (const word of ['# Báo cáo mxlens', 'Khoảng thời gian: toàn bộ dữ liệu', '## Từ chối vĩnh viễn (5xx)', '## Thư bị hoãn', '| mã | mã mở rộng | lý do |']) expect(md).toContain(word);
    for (const word of ['Window', '## Rejections', 'None.', '| code |']) expect(md).not.toContain(word);
    const html = renderHtml(vi);
    for (const word of ['<html lang="vi">', '<h1>Báo cáo mxlens</h1>', '<b>Ý nghĩa.</b>', '<b>Cách khắc phục.</b>', '<th>lý do và ví dụ</th>']) expect(html).toContain(word);
    for (const word of ['<b>Meaning.</b>', '<b>Fix.</b>', '>Rejections', '<th>reason and examples</th>']) expect(html).not.toContain(word);
  });
  test('Markdown and HTML carry the totals of the text report, sessions and messages too', () => {
    const t = en.totals;
    const md = renderMarkdown(en).split('\n');
    const at = md.findIndex((l) => l.startsWith('| lines |'));
    const cells = (l: string) => l.split('|').slice(1, -1).map((c) => c.trim());
    const row = Object.fromEntries(cells(md[at]!).map((k, i) => [k, cells(md[at + 2]!)[i]]));
    expect(row).toMatchObject({
      lines: String(t.lines), 'other programs': String(t.foreign), sessions: String(t.sessions), messages: String(t.messages),
      received: String(t.received), incomplete: String(t.incomplete ?? 0), 'rejected (5xx/4xx)': `${t.rejected.total} (${t.rejected['5xx']}/${t.rejected['4xx']})`,
    });
    expect(t.sessions).toBeGreaterThan(0);
    expect(renderText(en)).toContain(`sessions ${t.sessions}, messages ${t.messages}`);
    expect(renderHtml(en)).toContain(`<th class="n">sessions</th><th class="n">messages</th>`);
    expect(renderHtml(en)).toContain(`<td class="n">${t.sessions}</td><td class="n">${t.messages}</td>`);
  });
  test('English stays the default', () => {
    expect(renderText(en)).toMatch(/^mxlens report \(everything in the database\)\n\nTOTALS\n/);
  });
});

describe('times a person can match against the log', () => {
  test('a stamp in the given offset, with the offset written out', () => {
    expect(localStamp('2026-11-28T22:59:38.000Z', () => -300)).toBe('2026-11-28 17:59:38 -0500');
    expect(localStamp('2026-11-28T22:59:38.000Z', () => 330)).toBe('2026-11-29 04:29:38 +0530');
    expect(localStamp('2026-11-28T22:59:38.000Z')).toBe('2026-11-28 22:59:38 +0000');
    expect(localStamp(null)).toBe('?');
  });
  test('the CLI prints the local time of the log lines (TZ=America/New_York)', () => {
    const env = { TZ: 'America/New_York' };
    const d = join(tmp.dir, 'ny.db');
    expect(cli(['analyse', '--db', d, '--quiet', '--year', '2026', fixture('lab/postfix-maillog_file.log')], { env }).code).toBe(0);
    const out = cli(['report', '--db', d, '--top', '1'], { env }).stdout;
    // the first rejection group's first line is "Nov 28 17:55:54 …" in the log
    expect(out).toMatch(/1\. 550 5\.1\.1 .* 2026-11-28 17:55:54 -0500 \.\. /);
    expect(out).not.toMatch(/\d\dZ\b/);
  });
});

describe('markdown', () => {
  test('the window says what it covers, no placeholders', () => {
    const md = renderMarkdown(en);
    expect(md).toContain('Window: everything in the database');
    expect(md).not.toMatch(/start \.\. end/);
    const since = renderMarkdown({ ...en, window: { from: '2026-11-28T17:00:00.000Z', to: null } });
    expect(since).toContain('Window: from 2026-11-28 17:00:00 +0000 until the last line');
  });
  test('< and > outside code spans are entities, so a Markdown renderer does not eat "<ADDR>"', () => {
    const md = renderMarkdown(en);
    const outsideCode = md.split('\n').map((l) => l.replace(/`[^`]*`/g, '')).join('\n');
    expect(outsideCode).toContain('&lt;ADDR&gt;: Recipient address rejected');
    expect(outsideCode).not.toMatch(/<ADDR>/);
    expect(md).toMatch(/`Nov 28 17:55:54 mx postfix\/smtpd\[4822\]: NOQUEUE: reject: RCPT from unknown\[127\.0\.0\.23\]: 550 5\.1\.1 <info2@lab\.example>/);
  });
});

describe('problems section', () => {
  test('one line per problem kind, no blank lines between, with first and last time', () => {
    const text = renderText(en);
    const section = text.slice(text.indexOf('PROBLEMS'), text.indexOf('UNPARSED'));
    const entries = section.trim().split('\n').slice(1);
    expect(entries.length).toBe(en.problems.length);
    for (const e of entries) expect(e).toMatch(/^ {2}\d+ x \S+ .* \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+0000 \.\. \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+0000$/);
  });
});

describe('a fix that sends the reader to something the masking hid says where to find it', () => {
  // outbound "551 5.1.6 <r551-trent@…>: User has moved; please try <moved-r551-trent@elsewhere.test>"
  for (const lang of ['en', 'vi'] as const) {
    test(`the new address of a moved recipient (${lang})`, () => {
      const r = lang === 'en' ? en : vi;
      const g = r.bounces.find((b) => b.code === 551)!;
      expect(g.remedy.id).toBe('text.postfix.moved');
      expect(g.reason).toBe('<ADDR>: User has moved; please try <ADDR>');
      expect(g.examples[0]).toContain('please try <moved-r551-trent@elsewhere.test>');
      expect(g.remedy.fix).toMatch(lang === 'en' ? /hides addresses: read it in the example line/ : /không hiện địa chỉ: hãy đọc địa chỉ mới ở dòng ví dụ/);
      // the command the fix gives lists every new address
      const sql = /mxlens query --format csv "([^"]+)"/.exec(g.remedy.fix)![1]!;
      const out = cli(['query', '--db', db, '--format', 'csv', sql]);
      expect(out.code).toBe(0);
      expect(out.stdout).toContain('r551-trent@bounce.test,<r551-trent@bounce.test>: User has moved; please try <moved-r551-trent@elsewhere.test>');
      expect(out.stdout).not.toContain('lab.example');
    });
  }
});

describe('Vietnamese without English left in the middle', () => {
  test('the Markdown stall table names each kind by its translated title, the id beside it', () => {
    expect(vi.stalled.length).toBeGreaterThan(0);
    const md = renderMarkdown(vi);
    for (const s of vi.stalled) {
      expect(s.remedy.lang).toBe('vi');
      expect(md).toContain(`\n| ${mdText(s.remedy.title)} \`${s.kind}\` | `);
      expect(md).not.toContain(`\n| ${s.kind} |`);
    }
  });
  test('greylisting gets a Vietnamese gloss; "(N bytes)" is quoted as the log writes it', () => {
    const g = vi.rejections.find((x) => x.remedy.id === 'text.greylisting')!;
    expect(g.remedy.title).toBe('Danh sách xám (greylisting)');
    const stall = explain('lost connection after DATA (24629 bytes) from unknown[127.0.0.41]', 'vi')!.entries[0]!;
    expect(stall.id).toBe('stall.inbound.lost-after-data');
    expect(stall.fix).toContain('Nếu dòng log có ghi số byte đã nhận (dạng "(N bytes)")');
  });
});
