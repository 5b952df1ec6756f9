import { chmodSync, chownSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, test } from 'vitest';
import { built, dump, expectSame, isRoot, mxlens, oneLine, permissionsTestable, tempDir, NOBODY } from './helpers.js';

// Damaged gzip input and a read-only database: one line naming the problem, the documented exit code.

const t = tempDir('damaged');
afterAll(() => t.cleanup());
const LOG = resolve('fixtures/lab/postfix-syslog.log');
const full = gzipSync(readFileSync(LOG));


const nobodyOk = permissionsTestable(t.dir);

describe.skipIf(!built)('damaged input', () => {
  const whole = join(t.dir, 'whole.db');
  test('the whole gzip, for comparison', () => {
    writeFileSync(join(t.dir, 'whole.gz'), full);
    expect(mxlens(['analyse', join(t.dir, 'whole.gz'), '--db', whole]).status).toBe(0);
  });

  test('a truncated gzip: exit 65 naming the file; what was read is kept once, and the completed file reads on', () => {
    const gz = join(t.dir, 'cut.gz');
    const db = join(t.dir, 'cut.db');
    writeFileSync(gz, full.subarray(0, 6000));
    const r = mxlens(['analyse', gz, '--db', db]);
    oneLine(r.stderr);
    expect(r.stderr).toContain(`${gz}: damaged gzip data`);
    expect(r.status).toBe(65);
    const first = dump(db);
    expect(first.replies!.length + first.deliveries!.length).toBeGreaterThan(0);
    // the same damage again adds nothing
    expect(mxlens(['analyse', gz, '--db', db]).status).toBe(65);
    expect(dump(db)).toEqual(first);
    // the writer (logrotate's compress) finishes the same file: the rest is read, nothing twice
    writeFileSync(gz, full);
    expect(mxlens(['analyse', gz, '--db', db]).status).toBe(0);
    expectSame(db, dump(whole));
  });

  test('a gzip with a corrupted byte: exit 65 naming the file', () => {
    const gz = join(t.dir, 'bad.gz');
    const bytes = Buffer.from(full);
    bytes[bytes.length - 6]! ^= 0xff; // inside the CRC32 trailer
    writeFileSync(gz, bytes);
    const r = mxlens(['analyse', gz, '--db', join(t.dir, 'bad.db')]);
    oneLine(r.stderr);
    expect(r.stderr).toContain(`${gz}: damaged gzip data`);
    expect(r.status).toBe(65);
  });

  // root writes to a mode 0444 file anyway: then the run is done as nobody, who cannot
  test.skipIf(!nobodyOk)('a read-only database file: exit 73 before anything is read, the file unchanged', () => {
    const dir = join(t.dir, 'ro');
    mkdirSync(dir);
    const db = join(dir, 'x.db');
    expect(mxlens(['analyse', join(t.dir, 'whole.gz'), '--db', db]).status).toBe(0);
    const before = dump(db);
    if (isRoot) chownSync(dir, NOBODY.uid, NOBODY.gid);
    if (isRoot) chownSync(db, NOBODY.uid, NOBODY.gid);
    chmodSync(db, 0o444);
    const other = join(t.dir, 'other.log');
    writeFileSync(other, readFileSync(resolve('fixtures/lab/postfix-maillog_file.log')));
    chmodSync(other, 0o644);
    const r = mxlens(['analyse', other, '--db', db], isRoot ? NOBODY : {});
    oneLine(r.stderr);
    expect(r.stderr).toMatch(/read-only/);
    expect(r.status).toBe(73);
    expect(dump(db)).toEqual(before);
  });
});
