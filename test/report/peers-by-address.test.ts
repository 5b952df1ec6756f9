import { afterAll, describe, expect, test } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyse } from '../../src/app/analyse.js';
import { buildReport } from '../../src/app/report.js';
import { tempDir } from '../helpers.js';

// A client is counted by its address: reverse DNS can answer differently from one connection to
// the next (round-robin PTR records, a failed lookup: "unknown"). pixelpark-postfix-logsums.log
// listed one client of 13 refusals as five clients under --top.

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const reject = (n: number, name: string) =>
  `Nov 28 10:00:0${n} mx postfix/smtpd[100]: NOQUEUE: reject: RCPT from ${name}[192.0.2.50]: 450 4.1.8 <a@bad.example>: Sender address rejected: Domain not found; from=<a@bad.example> to=<u@lab.example> proto=ESMTP helo=<x>`;

describe('top clients', () => {
  test('one address under several names is one client, shown with one of its names', async () => {
    const log = join(tmp.dir, 'm.log');
    writeFileSync(log, [reject(1, 'a.example'), reject(2, 'b.example'), reject(3, 'unknown'), reject(4, 'a.example'),
      'Nov 28 10:00:05 mx postfix/smtpd[100]: NOQUEUE: reject: RCPT from other.example[192.0.2.60]: 450 4.1.8 <a@bad.example>: Sender address rejected: Domain not found; from=<a@bad.example> to=<u@lab.example> proto=ESMTP helo=<x>'].join('\n') + '\n');
    const db = join(tmp.dir, 'm.db');
    const now = () => Date.parse('2026-11-29T00:00:00Z');
    await analyse({ db, inputs: [log], now, year: 2026 });
    const r = buildReport({ db, window: { from: null, to: null }, top: 10, now });
    const g = r.rejections.find((x) => x.enhanced === '4.1.8')!;
    expect(g.top_clients).toEqual([{ value: 'a.example[192.0.2.50]', count: 4 }, { value: 'other.example[192.0.2.60]', count: 1 }]);
  });

  test('a client is shown with the name of its first line, not the first in alphabetical order', async () => {
    const log = join(tmp.dir, 'first.log');
    writeFileSync(log, [reject(1, 'smtp.csp.res.in'), reject(2, 'smtp.csp.res.in'), reject(3, 'csp.res.in')].join('\n') + '\n');
    const db = join(tmp.dir, 'first.db');
    const now = () => Date.parse('2026-11-29T00:00:00Z');
    await analyse({ db, inputs: [log], now, year: 2026 });
    const r = buildReport({ db, window: { from: null, to: null }, top: 10, now });
    expect(r.rejections.find((x) => x.enhanced === '4.1.8')!.top_clients).toEqual([{ value: 'smtp.csp.res.in[192.0.2.50]', count: 3 }]);
  });
});
