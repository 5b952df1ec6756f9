import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { analyse } from '../../src/app/analyse.js';
import { buildReport } from '../../src/app/report.js';
import { renderText } from '../../src/report/render/text.js';
import { renderMarkdown } from '../../src/report/render/markdown.js';
import { renderHtml } from '../../src/report/render/html.js';
import { renderReportCsv } from '../../src/report/render/csv.js';
import { renderProm } from '../../src/report/render/prom.js';
import type { Report } from '../../src/report/types.js';
import { fixture, tempDir } from '../helpers.js';

// Mail that expired after its queue lifetime is listed, grouped by the last error it was retried on,
// with what to do about that error: "why did this never arrive" is answered in the report.

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const now = () => Date.parse('2026-11-29T00:00:00Z');
let r: Report;

beforeAll(async () => {
  const db = join(tmp.dir, 'lab.db');
  await analyse({ db, inputs: [fixture('lab/postfix-maillog_file.log')], now, year: 2026 });
  r = buildReport({ db, window: { from: null, to: null }, top: 50, now });
});

describe('the EXPIRED section', () => {
  test('every expiry is in one group, grouped by its last error, with that error\'s remedy', () => {
    const groups = r.expired!;
    expect(groups.reduce((n, g) => n + g.count, 0)).toBe(r.totals.expired);
    expect(r.totals.expired).toBe(13);
    for (const g of groups) {
      expect(g.reason).toMatch(/^expired; last error: /);
      expect(g.remedy.id).not.toMatch(/^class\./);
    }
    const refused = groups.find((g) => g.reason === 'expired; last error: connect to PEER: Connection refused')!;
    expect(refused.count).toBe(2);
    expect(refused.remedy.id).toBe('text.net.local-service');
    expect(groups.find((g) => g.reason.includes('452 4.2.2'))!.remedy.id).toBe('text.mailbox-full');
  });

  test('in every format', () => {
    expect(renderText(r)).toContain('EXPIRED (retried until the queue lifetime ran out, or expired by an administrator with postsuper -e; returned to the sender; grouped by the last error)');
    // the remedies are for the causes: the messages themselves are back with their senders
    expect(renderText(r)).toMatch(/grouped by the last error\)\n {2}These messages are no longer queued/);
    expect(renderMarkdown(r)).toContain('These messages are no longer queued');
    expect(renderHtml(r)).toContain('<p>These messages are no longer queued');
    expect(renderMarkdown(r)).toContain('## Expired (queue lifetime ran out, or postsuper -e)');
    // the note qualifies the advice below it: it comes first, as in text
    expect(renderMarkdown(r)).toMatch(/## Expired \(queue lifetime ran out, or postsuper -e\)\n\nThese messages are no longer queued/);
    expect(renderHtml(r)).toContain('<h2>Expired (queue lifetime ran out, or postsuper -e)</h2><p>These messages are no longer queued');
    expect(renderHtml(r)).toContain('<h2>Expired (queue lifetime ran out, or postsuper -e)</h2>');
    expect(renderReportCsv(r).split('\n').filter((l) => l.startsWith('expiry,'))).toHaveLength(r.expired!.length);
    expect(renderProm(r)).toMatch(/^mxlens_expired_by_reply\{code="none",enhanced="none",direction="outbound",reason_class="text\.net\.local-service"\} 2$/m);
  });

  test('--top limits it like the other lists', () => {
    const small = buildReport({ db: join(tmp.dir, 'lab.db'), window: { from: null, to: null }, top: 3, now });
    expect(small.expired).toHaveLength(3);
    expect(small.left_out!.expired!.lines + small.expired!.reduce((n, g) => n + g.count, 0)).toBe(13);
  });

  test('an expiry whose attempts were never read (they are in an older, unanalysed log) is an expiry, not a 5xx refusal', async () => {
    const log = join(tmp.dir, 'only-expiry.log');
    const line = readFileSync(fixture('lab/postfix-maillog_file.log'), 'utf8').split('\n').find((l) => l.includes('status=expired'))!;
    writeFileSync(log, `${line}\n`);
    const db = join(tmp.dir, 'only.db');
    await analyse({ db, inputs: [log], now, year: 2026 });
    const one = buildReport({ db, window: { from: null, to: null }, top: 10, now });
    expect(one.expired!.map((g) => [g.count, g.remedy.id])).toEqual([[1, 'enh.X.4.7']]);
  });
});
