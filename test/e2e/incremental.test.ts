import { appendFileSync, copyFileSync, readFileSync, renameSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, test } from 'vitest';
import { built, counts, dump, e2eCases, expectSame } from './helpers.js';

// Incremental runs of the built CLI must store exactly what one run over the whole log stores.

const LOG = readFileSync(resolve('fixtures/lab/postfix-syslog.log'));
const { t, fresh, analyse, reference } = e2eCases('incr', LOG);
afterAll(() => t.cleanup());

/** Deterministic pseudo-random numbers, so a failure can be replayed. */
function rng(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

/** Byte offsets where the log is cut: some mid-line, some at line ends. */
function cuts(count: number, seed: number): number[] {
  const r = rng(seed);
  const out = new Set<number>();
  while (out.size < count) out.add(1 + Math.floor(r() * (LOG.length - 2)));
  return [...out].sort((a, b) => a - b);
}

describe.skipIf(!built)('incremental runs of the built CLI', () => {
  test('reference run stores facts', () => {
    const c = counts(reference());
    expect(c.replies).toBeGreaterThan(10);
    expect(c.sessions).toBeGreaterThan(10);
  });

  test('a log split at random byte offsets (also mid-line) across runs gives the same rows', () => {
    const d = fresh();
    const f = join(d, 'mail.log');
    writeFileSync(f, '');
    let at = 0;
    for (const cut of [...cuts(5, 42), LOG.length]) {
      appendFileSync(f, LOG.subarray(at, cut));
      at = cut;
      analyse(d, f);
    }
    expectSame(join(d, 'db.sqlite'), reference());
  });

  test('an unchanged file reads nothing and adds nothing', () => {
    const d = fresh();
    const f = join(d, 'mail.log');
    writeFileSync(f, LOG);
    analyse(d, f);
    const before = dump(join(d, 'db.sqlite'));
    const file = () => {
      const st = statSync(join(d, 'db.sqlite'));
      return { size: st.size, mtimeMs: st.mtimeMs };
    };
    const stamp = file();
    analyse(d, f);
    expect(dump(join(d, 'db.sqlite'))).toEqual(before);
    // not one transaction: the database file is not even touched (a cron run every 5 minutes
    // over a quiet log costs no write)
    expect(file()).toEqual(stamp);
  });

  const half = LOG.indexOf('\n', Math.floor(LOG.length / 2)) + 1;
  const third = LOG.indexOf('\n', Math.floor(LOG.length / 3)) + 1;
  const twoThirds = LOG.indexOf('\n', Math.floor((LOG.length * 2) / 3)) + 1;

  test('rename + create: the rest of the old file is finished, then the new one', () => {
    const d = fresh();
    const f = join(d, 'mail.log');
    writeFileSync(f, LOG.subarray(0, third));
    analyse(d, f);
    appendFileSync(f, LOG.subarray(third, half));
    renameSync(f, `${f}.1`);
    writeFileSync(f, LOG.subarray(half));
    analyse(d, f);
    analyse(d, f);
    expectSame(join(d, 'db.sqlite'), reference());
  });

  test('compressed between runs (compress, no delaycompress): offsets count uncompressed bytes', () => {
    const d = fresh();
    const f = join(d, 'mail.log');
    writeFileSync(f, LOG.subarray(0, third));
    analyse(d, f);
    writeFileSync(`${f}.1.gz`, gzipSync(LOG.subarray(0, half)));
    writeFileSync(f, LOG.subarray(half));
    analyse(d, f);
    expectSame(join(d, 'db.sqlite'), reference());
  });

  test('copytruncate: the live file shrinks, nothing is doubled', () => {
    const d = fresh();
    const f = join(d, 'mail.log');
    writeFileSync(f, LOG.subarray(0, third));
    analyse(d, f);
    appendFileSync(f, LOG.subarray(third, half));
    copyFileSync(f, `${f}.1`);
    truncateSync(f, 0);
    appendFileSync(f, LOG.subarray(half, twoThirds));
    analyse(d, f);
    appendFileSync(f, LOG.subarray(twoThirds));
    analyse(d, f);
    expectSame(join(d, 'db.sqlite'), reference());
  });

});

// A message's last two lines (Postfix "status=expired" then "removed"; Exim "removed by root" then
// "Completed") read by two runs: the second line must not make a second message row.
describe.skipIf(!built)('a run that ends between the last two lines of a message', () => {
  const cases = [
    { log: 'fixtures/lab/postfix-maillog_file.log', after: '2A3451602C2: from=<dave@lab.example>, status=expired' },
    { log: 'fixtures/lab/exim-mainlog.log', after: '1xXMvY-0004Eh-0q removed by root' },
  ];
  for (const c of cases) {
    test(`${c.log}: split after "${c.after}"`, () => {
      const log = readFileSync(resolve(c.log));
      const e = e2eCases('split', log);
      try {
        const cut = log.indexOf('\n', log.indexOf(c.after)) + 1;
        expect(cut).toBeGreaterThan(0);
        const d = e.fresh();
        const f = join(d, 'mail.log');
        writeFileSync(f, log.subarray(0, cut));
        e.analyse(d, f);
        appendFileSync(f, log.subarray(cut));
        e.analyse(d, f);
        expectSame(join(d, 'db.sqlite'), e.reference());
      } finally {
        e.t.cleanup();
      }
    });
  }
});
