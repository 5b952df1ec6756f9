import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { analyse } from '../../src/app/analyse.js';
import { buildReport } from '../../src/app/report.js';
import type { Report } from '../../src/report/types.js';
import { fixture, scalar, tempDir } from '../helpers.js';

// An undeclared body over message_size_limit leaves only "warning: QUEUEID: queue file size limit
// exceeded" from smtpd (and the same words from cleanup); smtpd answered the final dot "552 5.3.4
// Error: message file too big" (lab scenario 5b, fixtures/lab/postfix-syslog-transcript.txt). It is
// an inbound refusal at END-OF-DATA with a derived code, of the session's client, and the message
// it refused never reached the queue.

const tmp = tempDir();
afterAll(() => tmp.cleanup());
let report: Report;
let db: string;

beforeAll(async () => {
  db = join(tmp.dir, 'size.db');
  const now = () => Date.parse('2026-11-29T00:00:00Z');
  await analyse({ db, inputs: [fixture('lab/postfix-syslog.log')], now, year: 2026 });
  report = buildReport({ db, window: { from: null, to: null }, top: 50, now });
});

describe('Postfix queue file size limit', () => {
  test('smtpd\'s warning is a derived 552 5.3.4 at END-OF-DATA from the session\'s client', () => {
    const g = report.rejections.filter((x) => x.code === 552 && x.stage === 'END-OF-DATA');
    expect(g.map((x) => [x.code, x.code_derived, x.enhanced, x.direction, x.count, x.remedy.id])).toEqual([[552, true, '5.3.4', 'inbound', 1, 'text.size-limit']]);
    expect(g[0]!.top_clients.map((c) => c.value)).toEqual(['unknown[127.0.0.42]']);
    expect(scalar(db, "SELECT queue_id || ' ' || client_ip || ' ' || pattern FROM replies WHERE code = 552 AND stage = 'END-OF-DATA'")).toBe(
      'EBF3C1602AE 127.0.0.42 postfix.smtpd.size-limit',
    );
  });
  test('the message is refused, and cleanup\'s line stays a warning', () => {
    expect(scalar(db, "SELECT state FROM messages WHERE queue_id = 'EBF3C1602AE'")).toBe('rejected');
    expect(scalar(db, "SELECT count(*) || ' ' || min(program) FROM problems WHERE line LIKE '%queue file size limit exceeded%'")).toBe('1 postfix/cleanup');
  });
});
