import { afterAll, describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { analyse } from '../../src/app/analyse.js';
import { dumpFacts, fixture, tempDir } from '../helpers.js';

// A log piped in two runs, cut at 16 places spread over it: the same rows as one run. Exim's syslog lines
// carry messages split in [n/m] parts and a copy for the reject log, whose state must cross the cut.

const tmp = tempDir();
afterAll(() => tmp.cleanup());
let n = 0;

async function pipe(db: string, data: Buffer): Promise<void> {
  await analyse({ db, inputs: ['-'], stdin: Readable.from([data]), now: () => Date.parse('2026-12-01T00:00:00Z'), year: 2026, batchLines: 7 });
}

for (const name of ['exim-syslog/exim-syslog.log', 'lab4/lab4-exim-onehelo-syslog.log', 'lab/exim-mainlog.log']) {
  describe(name, () => {
    const log = readFileSync(fixture(name));
    const ends: number[] = [];
    for (let at = log.indexOf(0x0a); at >= 0; at = log.indexOf(0x0a, at + 1)) ends.push(at + 1);
    test('cut at 16 places, piped again whole: the rows of one run', async () => {
      const whole = join(tmp.dir, `whole-${n++}.db`);
      await pipe(whole, log);
      const expected = dumpFacts(whole);
      // lines 1-7 (whole split messages begin there), then evenly over the rest
      const step = Math.max(1, Math.floor(ends.length / 9));
      const cuts = [0, 1, 2, 3, 4, 5, 6];
      for (let i = 9; i < ends.length - 1 && cuts.length < 16; i += step) cuts.push(i);
      for (const i of cuts) {
        const db = join(tmp.dir, `cut-${n++}.db`);
        await pipe(db, log.subarray(0, ends[i]));
        await pipe(db, log);
        expect(dumpFacts(db), `cut after line ${i + 1}`).toEqual(expected);
      }
    }, 120_000);
  });
}
