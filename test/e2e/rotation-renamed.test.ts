import { appendFileSync, linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, test } from 'vitest';
import { built, dump, e2eCases, expectSame, mxlens } from './helpers.js';

// A log rotated between two cron runs to another common name is followed; one rotated to a name
// mxlens cannot find is said once on stderr.

const LOG = readFileSync(resolve('fixtures/lab/postfix-syslog.log'));
const { t, fresh, analyse, reference } = e2eCases('rotrenamed', LOG);
afterAll(() => t.cleanup());

const third = LOG.indexOf('\n', Math.floor(LOG.length / 3)) + 1;
const twoThirds = LOG.indexOf('\n', Math.floor((LOG.length * 2) / 3)) + 1;

function paths(db: string): string[] {
  const h = new Database(db, { readonly: true });
  try {
    return h.prepare('SELECT path FROM sources ORDER BY id').pluck().all() as string[];
  } finally {
    h.close();
  }
}

describe.skipIf(!built)('rotation to other names between two cron runs', () => {
  // the other names (.YYYY-MM-DD, .YYYYMMDD, with .gz) in test/ingest/rotation.test.ts
  for (const name of ['mail.log.old']) {
    test(`${name} is followed: the lines written before the rotation are read`, () => {
      const d = fresh();
      const f = join(d, 'mail.log');
      writeFileSync(f, LOG.subarray(0, third));
      analyse(d, f);
      appendFileSync(f, LOG.subarray(third, twoThirds));
      renameSync(f, join(d, name));
      writeFileSync(f, LOG.subarray(twoThirds));
      analyse(d, f);
      expectSame(join(d, 'db.sqlite'), reference());
      // and through the README's quoted glob, run again: nothing twice
      analyse(d, `${f}*`);
      expectSame(join(d, 'db.sqlite'), reference());
    });
  }

  test('a log first met empty and rotated before the next run: its lines are read from the rotated name', () => {
    // the first run comes right after a rotation (or on a new server): the live file holds nothing
    // yet, so there are no first bytes to know it by later; it is rotated before the next run
    for (const compress of [false, true]) {
      const d = fresh();
      const f = join(d, 'mail.log');
      writeFileSync(f, '');
      analyse(d, f);
      writeFileSync(f, LOG.subarray(0, twoThirds));
      renameSync(f, join(d, 'mail.log.1'));
      writeFileSync(f, LOG.subarray(twoThirds));
      if (compress) {
        // and compressed too, before the run (two rotations: the inode no longer names it)
        writeFileSync(join(d, 'mail.log.2.gz'), gzipSync(readFileSync(join(d, 'mail.log.1'))));
        unlinkSync(join(d, 'mail.log.1'));
      }
      analyse(d, f);
      expectSame(join(d, 'db.sqlite'), reference());
      analyse(d, f);
      expectSame(join(d, 'db.sqlite'), reference());
    }
  });

  test('a log that stays empty, rotated anyway (logrotate\'s ifempty), is no lost file', () => {
    const d = fresh();
    const f = join(d, 'mail.log');
    writeFileSync(f, '');
    analyse(d, f);
    // two rotations with delaycompress: the empty file read first is compressed under a new name (its
    // inode held by a link elsewhere, so that the new live file cannot be given the same one)
    mkdirSync(join(d, 'held'));
    for (let i = 0; i < 2; i++) {
      if (i > 0) {
        writeFileSync(join(d, 'mail.log.2.gz'), gzipSync(readFileSync(join(d, 'mail.log.1'))));
        linkSync(join(d, 'mail.log.1'), join(d, 'held', 'first'));
        unlinkSync(join(d, 'mail.log.1'));
      }
      renameSync(f, join(d, 'mail.log.1'));
      writeFileSync(f, '');
    }
    // analyse() requires silence on stderr: no "may be lost" warning
    analyse(d, f);
    appendFileSync(f, LOG.subarray(0, third));
    analyse(d, f);
    writeFileSync(f, LOG);
    analyse(d, f);
    expectSame(join(d, 'db.sqlite'), reference());
  });

  test('a rotated file that cannot be found is said once on stderr, without failing the run', () => {
    const d = fresh();
    const f = join(d, 'mail.log');
    const db = join(d, 'db.sqlite');
    writeFileSync(f, LOG.subarray(0, third));
    analyse(d, f);
    appendFileSync(f, LOG.subarray(third, twoThirds));
    renameSync(f, join(d, 'saved-mail'));
    writeFileSync(f, LOG.subarray(twoThirds));
    const r = mxlens(['analyse', f, '--db', db]);
    expect(r.status).toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(new RegExp(`^mxlens: warning: ${f} is a new file and the one read before it \\(up to byte ${third}\\) was not found`));
    // the next run has nothing new to say, and the two rows are told apart
    analyse(d, f);
    expect(paths(db)).toEqual([`${f} (rotated away, not found)`, f]);
    // named, the rotated file is read from where the first run stopped
    const before = dump(db).replies!.length;
    analyse(d, join(d, 'saved-mail'));
    expect(dump(db).replies!.length).toBe(reference().replies!.length);
    expect(before).toBeLessThan(reference().replies!.length);
  });

  test('olddir named in the same command is searched before anything is said, whichever group is read first', () => {
    const d = fresh();
    const f = join(d, 'mail.log');
    const old = join(d, 'old');
    writeFileSync(f, LOG.subarray(0, third));
    analyse(d, f);
    appendFileSync(f, LOG.subarray(third, twoThirds));
    mkdirSync(old);
    renameSync(f, join(old, 'mail.log.1'));
    writeFileSync(f, LOG.subarray(twoThirds));
    // the rotated file looks newer than the live one: its group comes second
    utimesSync(join(old, 'mail.log.1'), new Date(Date.now() + 3_600_000), new Date(Date.now() + 3_600_000));
    analyse(d, f, `${old}/mail.log*`);
    expect(paths(join(d, 'db.sqlite'))).toEqual([join(old, 'mail.log.1'), f]);
    expect(dump(join(d, 'db.sqlite')).replies!.length).toBe(reference().replies!.length);
  });
});
