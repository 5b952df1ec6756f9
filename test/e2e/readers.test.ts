import { appendFileSync, chmodSync, chownSync, copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { built, isRoot, mxlens, NOBODY, tempDir } from './helpers.js';

// A metrics job that runs `report` as its own user must not stop `analyse`, run as another user,
// and a reader that may not write the database's directory still reads it.

const t = tempDir('readers');
afterAll(() => t.cleanup());
// a second unprivileged user (daemon on Debian and Red Hat alike)
const OTHER = { uid: 1, gid: 1 };
const canSwitch = isRoot && built && mxlens(['--version'], OTHER).status === 0 && mxlens(['--version'], NOBODY).status === 0;

describe.skipIf(!canSwitch)('readers of another user', () => {
  test('report by one user, then analyse by another: nothing left behind, the writer goes on', () => {
    const shared = join(t.dir, 'shared');
    mkdirSync(shared);
    chmodSync(t.dir, 0o755);
    chmodSync(shared, 0o777);
    const src = readFileSync(resolve('fixtures/lab/postfix-syslog.log'), 'utf8').split('\n');
    const log = join(shared, 'mail.log');
    writeFileSync(log, src.slice(0, 150).join('\n') + '\n');
    chmodSync(log, 0o644);
    const db = join(shared, 'mx.db');
    expect(mxlens(['analyse', log, '--db', db], NOBODY).status).toBe(0);
    const r = mxlens(['report', '--db', db, '--format', 'json'], OTHER);
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(shared).sort()).toEqual(['mail.log', 'mx.db']);
    appendFileSync(log, src.slice(150, 300).join('\n') + '\n');
    const w = mxlens(['analyse', log, '--db', db], NOBODY);
    expect([w.status, w.stderr]).toEqual([0, '']);

    // -wal and -shm as an older mxlens left them at every report: the writer removes them and goes on
    writeFileSync(`${db}-wal`, '');
    writeFileSync(`${db}-shm`, Buffer.alloc(32768));
    for (const f of [`${db}-wal`, `${db}-shm`]) chownSync(f, OTHER.uid, OTHER.gid);
    appendFileSync(log, src.slice(0, 3).join('\n') + '\n');
    const again = mxlens(['analyse', log, '--db', db], NOBODY);
    expect([again.status, again.stderr]).toEqual([0, '']);
    expect(readdirSync(shared).sort()).toEqual(['mail.log', 'mx.db']);
  });

  test('a reader without write access to the directory reads the database', () => {
    const ro = join(t.dir, 'ro');
    mkdirSync(ro);
    chmodSync(ro, 0o755);
    const db = join(ro, 'mx.db');
    copyFileSync(resolve('fixtures/lab/postfix-syslog.log'), join(ro, 'mail.log'));
    expect(mxlens(['analyse', join(ro, 'mail.log'), '--db', db]).status).toBe(0);
    expect(statSync(db).mode & 0o777).toBe(0o644);
    const q = mxlens(['query', '--db', db, 'SELECT count(*) > 0 AS some FROM replies', '--format', 'csv'], NOBODY);
    expect([q.status, q.stderr, q.stdout]).toEqual([0, '', 'some\r\n1\r\n']);
    expect(readdirSync(ro).sort()).toEqual(['mail.log', 'mx.db']);
  });
});
