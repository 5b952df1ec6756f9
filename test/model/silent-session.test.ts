import { afterAll, describe, expect, test } from 'vitest';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyse } from '../../src/app/analyse.js';
import { dumpFacts, scalar, tempDir } from '../helpers.js';

// A session that goes silent (no disconnect line) must end up the same whether the log is read
// in one run or in two that meet in the middle: outcomes follow the log, not batch boundaries.

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const part1 = [
  'Nov 28 10:00:00 mx postfix/smtpd[100]: connect from a.example[192.0.2.1]',
  'Nov 28 10:00:01 mx postfix/smtpd[100]: NOQUEUE: reject: RCPT from a.example[192.0.2.1]: 550 5.1.1 <x@lab.example>: Recipient address rejected: User unknown in local recipient table; from=<s@a.example> to=<x@lab.example> proto=ESMTP helo=<a.example>',
  'Nov 28 10:30:00 mx postfix/smtpd[200]: connect from b.example[192.0.2.2]',
  'Nov 28 10:30:05 mx postfix/smtpd[200]: disconnect from b.example[192.0.2.2] ehlo=1 quit=1 commands=2',
];
const part2 = [
  'Nov 28 12:00:00 mx postfix/smtpd[100]: connect from c.example[192.0.2.3]',
  'Nov 28 12:00:02 mx postfix/smtpd[100]: disconnect from c.example[192.0.2.3] ehlo=1 quit=1 commands=2',
];

const facts = (db: string) => {
  const f = dumpFacts(db);
  // and the order the sessions were stored in (dumpFacts compares their columns, not their ids)
  const sessionOrder = scalar(db, "SELECT group_concat(id || ':' || coalesce(client_ip, '') || ':' || coalesce(end_reason, 'open') || ':' || coalesce(seen_ts, ''), ' ') FROM sessions");
  return { ...f, sessionOrder };
};

describe('silent sessions', () => {
  test('one run and two runs give the same sessions and rows', async () => {
    const now = () => Date.parse('2026-11-29T00:00:00Z');
    const whole = join(tmp.dir, 'whole.log');
    writeFileSync(whole, [...part1, ...part2].join('\n') + '\n');
    await analyse({ db: join(tmp.dir, 'one.db'), inputs: [whole], now, year: 2026 });

    const split = join(tmp.dir, 'split.log');
    writeFileSync(split, part1.join('\n') + '\n');
    await analyse({ db: join(tmp.dir, 'two.db'), inputs: [split], now, year: 2026 });
    appendFileSync(split, part2.join('\n') + '\n');
    await analyse({ db: join(tmp.dir, 'two.db'), inputs: [split], now, year: 2026 });

    const one = facts(join(tmp.dir, 'one.db'));
    expect(String(one.sessionOrder)).toMatch(/192\.0\.2\.1:unterminated/);
    expect(facts(join(tmp.dir, 'two.db'))).toEqual(one);
  });
});
