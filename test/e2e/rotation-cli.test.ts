import { appendFileSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, test } from 'vitest';
import { built, e2eCases, expectSame } from './helpers.js';

// Runs of the built CLI around logrotate's ways must store exactly what one run over the whole log stores.

const LOG = readFileSync(resolve('fixtures/lab/postfix-syslog.log'));
const { t, fresh, analyse, reference } = e2eCases('rot', LOG);
afterAll(() => t.cleanup());


describe.skipIf(!built)('rotation around runs of the built CLI', () => {
  const half = LOG.indexOf('\n', Math.floor(LOG.length / 2)) + 1;
  const third = LOG.indexOf('\n', Math.floor(LOG.length / 3)) + 1;
  const twoThirds = LOG.indexOf('\n', Math.floor((LOG.length * 2) / 3)) + 1;

  test('dateext names, then compressed, read through a glob', () => {
    const d = fresh();
    const f = join(d, 'maillog');
    writeFileSync(f, LOG.subarray(0, third));
    analyse(d, `${f}*`);
    appendFileSync(f, LOG.subarray(third, half));
    renameSync(f, `${f}-20261127`);
    writeFileSync(f, LOG.subarray(half, twoThirds));
    analyse(d, `${f}*`);
    writeFileSync(`${f}-20261127.gz`, gzipSync(readFileSync(`${f}-20261127`)));
    rmSync(`${f}-20261127`);
    appendFileSync(f, LOG.subarray(twoThirds));
    renameSync(f, `${f}-20261128`);
    writeFileSync(f, '');
    analyse(d, `${f}*`);
    // a rotated file already read is never read again, whatever its name
    analyse(d, d);
    analyse(d, `${f}*`);
    expectSame(join(d, 'db.sqlite'), reference());
  });

  test('a file read to its end and then rotated: its row names the rotated file, the new log gets its own', () => {
    const d = fresh();
    const f = join(d, 'mail.log');
    writeFileSync(f, LOG.subarray(0, half));
    analyse(d, f);
    renameSync(f, `${f}.1`);
    writeFileSync(f, LOG.subarray(half));
    analyse(d, f);
    const db = new Database(join(d, 'db.sqlite'), { readonly: true });
    const paths = db.prepare('SELECT path FROM sources ORDER BY id').pluck().all();
    db.close();
    expect(paths).toEqual([`${f}.1`, f]);
    expectSame(join(d, 'db.sqlite'), reference());
  });

  test('the cron line, run 3 times around a logrotate with compress and without delaycompress', () => {
    const d = fresh();
    const f = join(d, 'mail.log');
    // what logrotate does: shift old .N.gz, rename the live file, create a new one, gzip .1
    const logrotate = () => {
      for (let i = 3; i >= 1; i--) {
        try {
          renameSync(`${f}.${i}.gz`, `${f}.${i + 1}.gz`);
        } catch {
          /* not there yet */
        }
      }
      renameSync(f, `${f}.1`);
      writeFileSync(f, '');
      writeFileSync(`${f}.1.gz`, gzipSync(readFileSync(`${f}.1`)));
      rmSync(`${f}.1`);
    };
    writeFileSync(f, LOG.subarray(0, third));
    analyse(d, f, '--quiet');
    appendFileSync(f, LOG.subarray(third, half));
    logrotate();
    appendFileSync(f, LOG.subarray(half, twoThirds));
    analyse(d, f, '--quiet');
    appendFileSync(f, LOG.subarray(twoThirds));
    analyse(d, f, '--quiet');
    expectSame(join(d, 'db.sqlite'), reference());
  });
});
