import { afterAll, describe, expect, test } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyse } from '../../src/app/analyse.js';
import { scalar, tempDir } from '../helpers.js';

// Anyone on the host can log a line (logger -t 'postfix/smtpd[99999999999999999999]'). A number
// no INTEGER column holds exactly must not reach the database: SQLite refused the whole batch, on
// every run, and nothing after that line was ever read.

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const lines = [
  'Nov 28 17:57:29 mx postfix/smtpd[100]: connect from before.example[192.0.2.1]',
  'Nov 28 17:57:30 mx postfix/smtpd[99999999999999999999]: connect from unknown[192.0.2.2]',
  'Nov 28 17:57:31 mx postfix/qmgr[123]: ABCDEF1234: from=<a@b.example>, size=999999999999999999999999, nrcpt=99999999999999999999 (queue active)',
  'Nov 28 17:57:32 mx postfix/smtpd[77]: connect from unknown[192.0.2.3]',
  'Nov 28 17:57:32 mx postfix/smtpd[77]: 1A2B3C4D5E: client=unknown[192.0.2.3]',
  'Nov 28 17:57:33 mx postfix/smtpd[77]: lost connection after DATA (99999999999999999999999 bytes) from unknown[192.0.2.3]',
  '2026-11-28 17:57:34 [99999999999999999999] 1xXMvZ-0004Hb-0V <= a@b.example H=x.example [192.0.2.4] P=esmtp S=99999999999999999999999',
  'Nov 28 17:57:35 mx postfix/smtpd[100]: disconnect from before.example[192.0.2.1]',
];

describe('numbers too large for a column', () => {
  test('the lines are stored without them, and the lines after them are read', async () => {
    const log = join(tmp.dir, 'big.log');
    writeFileSync(log, lines.join('\n') + '\n');
    const db = join(tmp.dir, 'big.db');
    await analyse({ db, inputs: [log], now: () => Date.parse('2026-11-29T00:00:00Z'), year: 2026 });
    expect(scalar(db, 'SELECT sum(lines) FROM line_stats')).toBe(lines.length);
    expect(scalar(db, 'SELECT sum(unparsed) FROM line_stats')).toBe(0);
    expect(scalar(db, "SELECT count(*) FROM sessions WHERE client_ip = '192.0.2.2' AND pid IS NULL")).toBe(1);
    expect(scalar(db, "SELECT coalesce(size, -1) || ' ' || coalesce(nrcpt, -1) FROM messages WHERE queue_id = 'ABCDEF1234'")).toBe('-1 -1');
    expect(scalar(db, "SELECT count(*) || ' ' || coalesce(max(bytes), -1) FROM stalls")).toBe('1 -1');
    expect(scalar(db, "SELECT count(*) FROM messages WHERE queue_id = '1xXMvZ-0004Hb-0V'")).toBe(1);
    // the last line, after all of them
    expect(scalar(db, "SELECT end_reason FROM sessions WHERE client_ip = '192.0.2.1'")).toBe('disconnect');
  });
});
