import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, test } from 'vitest';
import { built, mxlens, tempDir } from './helpers.js';

// bzip2, xz, zstd and database files are refused with one line each and exit 65; the other inputs of the run are read.

const t = tempDir('unsup');
afterAll(() => t.cleanup());
const LOG = resolve('fixtures/lab/postfix-syslog.log');
const XZ_HEAD = Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0x00, 0x04, 0xe6, 0xd6, 0xb4, 0x46, 0x02, 0x00, 0x21, 0x01]);

const lines = (db: string): number[] => {
  const h = new Database(db, { readonly: true });
  try {
    return h.prepare('SELECT lines FROM sources ORDER BY id').pluck().all() as number[];
  } finally {
    h.close();
  }
};

describe.skipIf(!built)('inputs mxlens does not read', () => {
  test('an xz file and a database backup picked up by a glob: refused, the log beside them read, exit 65', () => {
    const d = join(t.dir, 'glob');
    mkdirSync(d);
    copyFileSync(LOG, join(d, 'mail.log'));
    writeFileSync(join(d, 'mail.log.2.xz'), XZ_HEAD);
    const db = join(t.dir, 'glob.db');
    expect(mxlens(['analyse', join(d, 'mail.log'), '--db', db]).status).toBe(0);
    copyFileSync(db, join(d, 'mx.db.bak'));
    const r = mxlens(['analyse', join(d, '*'), '--db', join(d, 'mx.db')]);
    expect(r.status).toBe(65);
    expect(r.stderr.trim().split('\n').sort()).toEqual([
      `mxlens: ${join(d, 'mail.log.2.xz')}: xz-compressed, which mxlens does not read (plain text, gzip and JSON only); pipe it in: xzcat ${join(d, 'mail.log.2.xz')} | mxlens analyse -`,
      `mxlens: ${join(d, 'mx.db.bak')}: an SQLite database, which mxlens does not read (plain text, gzip and JSON only); leave it out of the inputs`,
    ]);
    expect(lines(join(d, 'mx.db'))).toEqual([readFileSync(LOG, 'utf8').split('\n').filter((l) => l !== '').length]);
  });

  test('xz on standard input: refused, exit 65, nothing stored', () => {
    const db = join(t.dir, 'stdin.db');
    const r = mxlens(['analyse', '-', '--db', db], { input: XZ_HEAD });
    expect(r.status).toBe(65);
    expect(r.stderr).toMatch(/^mxlens: standard input: xz-compressed, .*xzcat FILE \| mxlens analyse -\n$/);
    expect(lines(db)).toEqual([]);
  });
});
