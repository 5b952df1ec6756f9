import { copyFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, test } from 'vitest';
import { built, mxlens, tempDir } from './helpers.js';

// bzip2, xz, zstd and database files are refused with one line each; the other inputs of the run are read. Named one by
// one, such a file is an error (exit 65) in every run; found by a glob or directory, a warning in the first run only.

const t = tempDir('unsup');
afterAll(() => t.cleanup());
const LOG = resolve('fixtures/lab/postfix-syslog.log');
const XZ_HEAD = Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0x00, 0x04, 0xe6, 0xd6, 0xb4, 0x46, 0x02, 0x00, 0x21, 0x01]);
const BZ2_HEAD = Buffer.concat([Buffer.from('BZh91AY&SY'), Buffer.alloc(20, 7)]);
const ZST_HEAD = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x04, 0x58, 0x45, 0x00]);

/** lines read per source; a refused file is a row of kind 'refused' with none */
const lines = (db: string): Array<number | string> => {
  const h = new Database(db, { readonly: true });
  try {
    return h.prepare("SELECT CASE kind WHEN 'refused' THEN 'refused ' || final || ' ' || lines ELSE lines END FROM sources ORDER BY id").pluck().all() as Array<number | string>;
  } finally {
    h.close();
  }
};

describe.skipIf(!built)('inputs mxlens does not read', () => {
  // A glob or directory is a standing order that each rotation adds a new compressed file to: its
  // refusal is a warning said once (exit 0), remembered by device, inode and first bytes.
  const SAID_ONCE = ' (found by a glob or directory: later runs pass it over in silence)';
  const refusedLine = (p: string, what: string, hint: string) =>
    `mxlens: warning: ${p}: ${what}, which mxlens does not read (plain text, gzip and JSON only); ${hint}${SAID_ONCE}`;

  test('an xz file and a database backup picked up by a glob: a warning each, once, the log beside them read, exit 0', () => {
    const d = join(t.dir, 'glob');
    mkdirSync(d);
    copyFileSync(LOG, join(d, 'mail.log'));
    writeFileSync(join(d, 'mail.log.2.xz'), XZ_HEAD);
    writeFileSync(join(d, 'mx.db.bak'), Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), Buffer.alloc(84)]));
    const glob = join(d, '*');
    const r = mxlens(['analyse', glob, '--db', join(d, 'mx.db')]);
    expect(r.status).toBe(0);
    expect(r.stderr.trim().split('\n').sort()).toEqual([
      refusedLine(join(d, 'mail.log.2.xz'), 'xz-compressed', `pipe it in: xzcat ${join(d, 'mail.log.2.xz')} | mxlens analyse -`),
      refusedLine(join(d, 'mx.db.bak'), 'an SQLite database', 'leave it out of the inputs'),
    ]);
    expect(lines(join(d, 'mx.db')).sort()).toEqual([readFileSync(LOG, 'utf8').split('\n').filter((l) => l !== '').length, 'refused 1 0', 'refused 1 0']);
    // the next cron run: nothing to say, also once logrotate has moved the file one name up
    renameSync(join(d, 'mail.log.2.xz'), join(d, 'mail.log.3.xz'));
    expect(mxlens(['analyse', glob, '--db', join(d, 'mx.db')])).toMatchObject({ status: 0, stderr: '' });
    // a file the next rotation compressed is news once
    writeFileSync(join(d, 'mail.log.2.bz2'), BZ2_HEAD);
    const again = mxlens(['analyse', glob, '--db', join(d, 'mx.db')]);
    expect(again.status).toBe(0);
    expect(again.stderr).toBe(`${refusedLine(join(d, 'mail.log.2.bz2'), 'bzip2-compressed', `pipe it in: bzcat ${join(d, 'mail.log.2.bz2')} | mxlens analyse -`)}\n`);
  });

  test('a directory: its zstd file is a warning in the first run only', () => {
    const d = join(t.dir, 'dir');
    mkdirSync(d);
    copyFileSync(LOG, join(d, 'mail.log'));
    writeFileSync(join(d, 'mail.log.1.zst'), ZST_HEAD);
    const db = join(t.dir, 'dir.db');
    const first = mxlens(['analyse', d, '--db', db]);
    expect(first.status).toBe(0);
    expect(first.stderr).toMatch(/^mxlens: warning: .*mail\.log\.1\.zst: zstd-compressed, .*zstdcat .*in silence\)\n$/);
    expect(mxlens(['analyse', d, '--db', db])).toMatchObject({ status: 0, stderr: '' });
  });

  test('a compressed file named one by one is refused with exit 65 even after a glob met it', () => {
    const d = join(t.dir, 'named');
    mkdirSync(d);
    copyFileSync(LOG, join(d, 'mail.log'));
    const xz = join(d, 'mail.log.2.xz');
    writeFileSync(xz, XZ_HEAD);
    const db = join(t.dir, 'named.db');
    expect(mxlens(['analyse', join(d, 'mail.log*'), '--db', db]).status).toBe(0);
    // remembered from the glob's run, and still refused
    const r = mxlens(['analyse', join(d, 'mail.log'), xz, '--db', db]);
    expect(r.status).toBe(65);
    expect(r.stderr).toBe(`mxlens: ${xz}: xz-compressed, which mxlens does not read (plain text, gzip and JSON only); pipe it in: xzcat ${xz} | mxlens analyse -\n`);
  });

  test('xz on standard input: refused, exit 65, nothing stored', () => {
    const db = join(t.dir, 'stdin.db');
    const r = mxlens(['analyse', '-', '--db', db], { input: XZ_HEAD });
    expect(r.status).toBe(65);
    expect(r.stderr).toMatch(/^mxlens: standard input: xz-compressed, .*xzcat FILE \| mxlens analyse -\n$/);
    expect(lines(db)).toEqual([]);
  });
});
