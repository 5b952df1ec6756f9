import Database from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import { loadMigrations, migrate } from '../../src/store/migrate.js';
import { Sources } from '../../src/store/sources.js';

// A file a glob found in a format mxlens does not read is remembered, so that it is reported once.

const XZ = 'fd377a585a000004e6d6b446';

function sources(): Sources {
  const db = new Database(':memory:');
  migrate(db, loadMigrations());
  return new Sources(db);
}

describe('remembered refused files', () => {
  test('found again by device, inode and first bytes, whatever it is called now; a file of other content on a reused inode is news', () => {
    const s = sources();
    const row = s.createRefused({ path: '/var/log/mail.log.2.xz', dev: 1, ino: 7, fingerprint: `${XZ}0201` }, 4096, 0);
    expect(row).toMatchObject({ kind: 'refused', final: 1, lines: 0, byte_offset: 0, size: 4096 });
    expect(s.refused(1, 7, `${XZ}0201`)?.id).toBe(row.id);
    // met while still being written (fewer first bytes), or more of it now
    expect(s.refused(1, 7, XZ)?.id).toBe(row.id);
    expect(s.refused(1, 7, `${XZ}020155`)?.id).toBe(row.id);
    expect(s.refused(1, 7, `${XZ}0301`)).toBeUndefined();
    expect(s.refused(1, 8, `${XZ}0201`)).toBeUndefined();
    // never a read checkpoint
    expect(s.all().filter((r) => r.kind === 'file')).toEqual([]);
  });
});
