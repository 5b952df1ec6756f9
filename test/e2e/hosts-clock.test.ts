import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { built, counts, dump, e2eCases, expectSame } from './helpers.js';

// Two hosts' logs read by one cron line, whose times lie a month apart (a host whose log is shipped
// late, or whose clock is off). Each host's open sessions and messages age by that host's own log
// time: read in three growing steps, the two logs must store what one run over them stores.

const A = readFileSync(resolve('fixtures/lab/postfix-syslog.log'), 'latin1');
// the same traffic from a second host, a month later
const B = A.replace(/^Nov 28 (\S+) vm /gm, 'Dec 29 $1 mx2 ');
const { t, fresh, analyse } = e2eCases('hosts-clock', Buffer.from(A, 'latin1'));
afterAll(() => t.cleanup());

/** the text cut into `parts` pieces at line ends */
function pieces(text: string, parts: number): string[] {
  const lines = text.split(/(?<=\n)/);
  const out: string[] = [];
  for (let i = 0; i < parts; i++) out.push(lines.slice(Math.floor((i * lines.length) / parts), Math.floor(((i + 1) * lines.length) / parts)).join(''));
  return out;
}

describe.skipIf(!built)('hosts whose log times differ', () => {
  test('read in growing steps, two hosts store what one run over both stores', () => {
    const one = fresh();
    writeFileSync(join(one, 'a.log'), A);
    writeFileSync(join(one, 'b.log'), B);
    analyse(one, join(one, 'a.log'), join(one, 'b.log'), '--year', '2026');
    const want = dump(join(one, 'db.sqlite'));
    expect(counts(want).sessions).toBeGreaterThan(20);

    const steps = fresh();
    const a = join(steps, 'a.log');
    const b = join(steps, 'b.log');
    writeFileSync(a, '');
    writeFileSync(b, '');
    const pa = pieces(A, 3);
    const pb = pieces(B, 3);
    for (let i = 0; i < 3; i++) {
      appendFileSync(a, pa[i]!);
      appendFileSync(b, pb[i]!);
      analyse(steps, a, b, '--year', '2026');
    }
    expectSame(join(steps, 'db.sqlite'), want);
  });
});
