import { spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, readFileSync, renameSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, test } from 'vitest';
import { CLI, built, e2eCases, expectSame } from './helpers.js';

// A cron job over a log that logrotate rotates, at seeded random moments: the MTA appends pieces
// that may end mid-line, logrotate renames or copies and truncates, compresses at once or a
// rotation later, or dates the names; some runs are killed part way. Whatever the order, the last
// run leaves the rows of one run over the whole log. (Syslog writes whole lines, so a rotation
// falls between two lines.)

const LOG = readFileSync(resolve('fixtures/lab/postfix-syslog.log'));
const { t, fresh, analyse, reference } = e2eCases('cronrandom', LOG);
afterAll(() => t.cleanup());

type Mode = 'delaycompress' | 'compress' | 'dateext';

function prng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

/** logrotate's rotation of dir/mail.log, the n-th one, the way `mode` configures it */
function rotate(dir: string, mode: Mode, n: number, rnd: () => number): void {
  const p = (name: string) => join(dir, name);
  // create (rename, new file) or copytruncate
  const move = (to: string) => {
    if (rnd() < 0.5) {
      renameSync(p('mail.log'), to);
      writeFileSync(p('mail.log'), '');
    } else {
      copyFileSync(p('mail.log'), to);
      truncateSync(p('mail.log'), 0);
    }
  };
  const gzip = (from: string, to: string) => {
    writeFileSync(to, gzipSync(readFileSync(from)));
    unlinkSync(from);
  };
  if (mode === 'delaycompress') {
    for (let k = 3; k >= 2; k--) if (existsSync(p(`mail.log.${k}.gz`))) renameSync(p(`mail.log.${k}.gz`), p(`mail.log.${k + 1}.gz`));
    if (existsSync(p('mail.log.1'))) gzip(p('mail.log.1'), p('mail.log.2.gz'));
    move(p('mail.log.1'));
  } else if (mode === 'compress') {
    for (let k = 3; k >= 1; k--) if (existsSync(p(`mail.log.${k}.gz`))) renameSync(p(`mail.log.${k}.gz`), p(`mail.log.${k + 1}.gz`));
    move(p('mail.log.1'));
    gzip(p('mail.log.1'), p('mail.log.1.gz'));
  } else {
    const dated = p(`mail.log-202611${String(10 + n)}`);
    move(dated);
    if (rnd() < 0.5) gzip(dated, `${dated}.gz`);
  }
}

describe.skipIf(!built)('cron over logrotate, at random moments, some runs killed', () => {
  const cases: Array<[Mode, number]> = [['delaycompress', 7], ['compress', 11], ['dateext', 13]];
  for (const [mode, seed] of cases) {
    test(`${mode} (seed ${seed}): the same rows as one run over the whole log`, () => {
      const rnd = prng(seed);
      const d = fresh();
      const live = join(d, 'mail.log');
      const db = join(d, 'db.sqlite');
      writeFileSync(live, '');
      analyse(d, live);
      let pos = 0;
      let rotations = 0;
      while (pos < LOG.length) {
        const n = 1 + Math.floor(rnd() * 20_000);
        appendFileSync(live, LOG.subarray(pos, pos + n));
        pos += n;
        if (rnd() < 0.3) {
          // the line being written is finished before the rotation
          if (pos < LOG.length && LOG[pos - 1] !== 10) {
            const end = LOG.indexOf(10, pos) + 1 || LOG.length;
            appendFileSync(live, LOG.subarray(pos, end));
            pos = end;
          }
          rotate(d, mode, ++rotations, rnd);
        }
        if (rnd() < 0.25) {
          const r = spawnSync(process.execPath, [CLI, 'analyse', live, '--db', db], {
            env: { ...process.env, TZ: 'UTC' }, timeout: 100 + Math.floor(rnd() * 400), killSignal: 'SIGKILL',
          });
          // killed part way (where depends on the machine's speed), or done in time
          if (r.signal !== 'SIGKILL') expect(r.status).toBe(0);
        }
        if (rnd() < 0.5) analyse(d, live);
      }
      analyse(d, live);
      expect(rotations).toBeGreaterThan(1);
      expectSame(db, reference());
    }, 120_000);
  }
});
