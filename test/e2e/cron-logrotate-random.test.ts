import { spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, readdirSync, readFileSync, renameSync, truncateSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, test } from 'vitest';
import { CLI, built, dump, e2eCases, expectSame } from './helpers.js';

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

/** logrotate's rotation of dir/log (mail.log), the n-th one, the way `mode` configures it */
function rotate(dir: string, mode: Mode, n: number, rnd: () => number, log = 'mail.log'): void {
  const p = (name: string) => join(dir, name.replace('mail.log', log));
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
    const dated = p(`mail.log-202611${10 + n}`);
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

  // Exim's main and reject logs, rotated together (Debian's exim4-base: delaycompress, create). An
  // entry of the reject log (its line, the envelope, the headers) is one write, so a piece ends
  // between entries; the reject log's copy of a main log line counts once, whatever the order read.
  test('Exim mainlog and rejectlog (seed 17): the same rows as one run over both logs', () => {
    const logs = { mainlog: readFileSync(resolve('fixtures/lab/exim-mainlog.log')), rejectlog: readFileSync(resolve('fixtures/lab/exim-rejectlog.log')) };
    const names = ['mainlog', 'rejectlog'] as const;
    // the last entry of a reject log written in the last minutes waits for more header lines: at the
    // end, both logs were last written an hour ago
    const settle = (dir: string) => {
      const then = new Date(Date.now() - 3_600_000);
      for (const f of readdirSync(dir)) if (f.includes('log')) utimesSync(join(dir, f), then, then);
    };
    const run = (dir: string, files: string[]) => expect(spawnSync(process.execPath, [CLI, 'analyse', ...files, '--db', join(dir, 'db.sqlite')]).status).toBe(0);
    const whole = fresh();
    for (const f of names) writeFileSync(join(whole, f), logs[f]);
    settle(whole);
    run(whole, names.map((f) => join(whole, f)));
    const want = dump(join(whole, 'db.sqlite'));

    const rnd = prng(17);
    const d = fresh();
    const files = names.map((f) => join(d, f));
    for (const f of files) writeFileSync(f, '');
    run(d, files);
    const pos = { mainlog: 0, rejectlog: 0 };
    let rotations = 0;
    while (pos.mainlog < logs.mainlog.length || pos.rejectlog < logs.rejectlog.length) {
      const share = rnd() * 0.2;
      for (const f of names) {
        const text = logs[f];
        const lineEnd = (at: number) => text.indexOf(10, at) + 1 || text.length;
        // to a line end; in the reject log, on to where the next entry (a stamped line) starts
        let end = lineEnd(Math.min(text.length, pos[f] + Math.ceil(share * text.length)) - 1);
        while (f === 'rejectlog' && end < text.length && !/^\d{4}-/.test(text.subarray(end, end + 5).toString())) end = lineEnd(end);
        appendFileSync(join(d, f), text.subarray(pos[f], end));
        pos[f] = end;
      }
      if (rnd() < 0.3) {
        rotations++;
        for (const f of names) rotate(d, 'delaycompress', rotations, () => 0, f);
      }
      if (rnd() < 0.25) spawnSync(process.execPath, [CLI, 'analyse', ...files, '--db', join(d, 'db.sqlite')], { timeout: 100 + Math.floor(rnd() * 400), killSignal: 'SIGKILL' });
      if (rnd() < 0.5) run(d, files);
    }
    settle(d);
    run(d, files);
    expect(rotations).toBeGreaterThan(1);
    expectSame(join(d, 'db.sqlite'), want);
  }, 120_000);
});
