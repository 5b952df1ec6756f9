import { copyFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DERIVE_VERSION, deriveDelivery, deriveReply, deriveStall } from '../../src/app/derive.js';
import { rederiveIfNeeded } from '../../src/app/rederive.js';
import { openForWrite } from '../../src/store/db.js';
import { loadMigrations, migrate } from '../../src/store/migrate.js';
import { deriveVersion, rederive, type Rules } from '../../src/store/rederive.js';
import { cli, fixture, tempDir } from '../helpers.js';

// After an upgrade that masks reasons or matches remedies otherwise, analyse derives the stored rows
// again, so the database ends exactly as if the new program had read every line itself.

const LOGS = [fixture('lab/postfix-maillog_file.log'), fixture('lab/exim-mainlog.log')];
const TABLES = ['replies', 'deliveries', 'stalls', 'sessions', 'messages', 'problems', 'misses', 'line_stats', 'meta'];
const tmp = tempDir();
afterAll(() => tmp.cleanup());
let reference = '';
let n = 0;

/** A copy of the database one run over LOGS left (closed, so the file holds everything). */
function analysed(): string {
  const db = join(tmp.dir, `db${++n}.db`);
  copyFileSync(reference, db);
  return db;
}

/** Every row of every table, ids included. */
function tables(path: string): Record<string, unknown[]> {
  const db = new Database(path, { readonly: true });
  try {
    return Object.fromEntries(TABLES.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()]));
  } finally {
    db.close();
  }
}

/** What an older mxlens would have left: unmasked reasons, ids the catalogue renamed since, version 0. */
function makeOld(path: string): void {
  const db = new Database(path);
  db.exec(`UPDATE replies SET reason = text WHERE id % 2 = 0;
           UPDATE replies SET remedy_id = 'text.postfix.sender-rejected' WHERE id % 3 = 0;
           UPDATE deliveries SET reason = coalesce(reply_text, detail), remedy_id = 'text.postfix.unknown-client' WHERE status <> 'sent';
           UPDATE stalls SET remedy_id = 'class.4';
           UPDATE meta SET value = '0' WHERE key = 'derive_version';`);
  db.close();
}

const changes = (db: Database.Database): number => db.prepare('SELECT total_changes()').pluck().get() as number;

beforeAll(() => {
  reference = join(tmp.dir, 'reference.db');
  expect(cli(['analyse', '--db', reference, ...LOGS])).toMatchObject({ code: 0, stdout: '', stderr: '' });
});

describe('a database and the derivation version', () => {
  test('a new database starts at the program version, with rows of every kind to derive', () => {
    const t = tables(reference);
    expect(t.meta).toEqual([{ key: 'derive_version', value: String(DERIVE_VERSION) }]);
    expect(t.replies.length).toBeGreaterThan(50);
    expect((t.deliveries as Array<{ status: string }>).filter((d) => d.status !== 'sent').length).toBeGreaterThan(20);
    expect(t.stalls.length).toBeGreaterThan(3);
  });

  test('a database that held rows before versions were kept reads as version 0', () => {
    const path = join(tmp.dir, 'v6.db');
    const old = new Database(path);
    migrate(old, loadMigrations().filter((m) => m.version <= 6));
    old.close();
    const db = openForWrite(path, { deriveVersion: DERIVE_VERSION });
    expect(deriveVersion(db)).toBe(0);
    db.close();
  });
});

describe('analyse derives stored rows again when the version is older', () => {
  test('old-looking rows end as one fresh run leaves them, quietly, and the report says so until then', () => {
    const db = analysed();
    makeOld(db);
    expect(tables(db)).not.toEqual(tables(reference));
    const before = JSON.parse(cli(['report', '--db', db, '--format', 'json']).stdout);
    expect(before.derive_version).toEqual({ database: 0, program: DERIVE_VERSION, outdated: true });
    expect(cli(['report', '--db', db]).stdout).toMatch(/^note: .*rules version 0.*run `mxlens analyse` once to regroup them$/m);

    // the same files again: nothing new to read, only the stored rows to derive
    expect(cli(['analyse', '--db', db, ...LOGS])).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(tables(db)).toEqual(tables(reference));
    expect(JSON.parse(cli(['report', '--db', db, '--format', 'json']).stdout).derive_version.outdated).toBe(false);
    expect(cli(['report', '--db', db]).stdout).not.toMatch(/regroup/);
  });

  test('a run stopped after its first transaction is finished by the next run', () => {
    const path = analysed();
    makeOld(path);
    const db = openForWrite(path);
    const r = rederiveIfNeeded(db, { batchRows: 40, maxBatches: 1 });
    expect(r).toEqual({ updated: expect.any(Number), transactions: 1, done: false });
    expect(r!.updated).toBeGreaterThan(0);
    expect(deriveVersion(db)).toBe(0);
    db.close();
    expect(tables(path)).not.toEqual(tables(reference));
    expect(cli(['analyse', '--db', path, ...LOGS]).code).toBe(0);
    expect(tables(path)).toEqual(tables(reference));
  });

  test('a failure in the second transaction keeps the first one and undoes the second', () => {
    const path = analysed();
    makeOld(path);
    const db = openForWrite(path);
    let calls = 0;
    const rules: Rules = {
      reply: (row) => {
        if (++calls === 60) throw new Error('killed');
        return deriveReply(row);
      },
      delivery: deriveDelivery,
      stall: (s) => deriveStall(s.kind, s.direction),
    };
    expect(() => rederive(db, DERIVE_VERSION, rules, { batchRows: 40 })).toThrow(/killed/);
    const ref = tables(reference).replies as Array<{ id: number; reason: string; remedy_id: string }>;
    const now = db.prepare('SELECT id, reason, remedy_id FROM replies ORDER BY id').all() as typeof ref;
    const same = (i: number) => now[i]!.reason === ref[i]!.reason && now[i]!.remedy_id === ref[i]!.remedy_id;
    expect([...Array(40).keys()].every(same)).toBe(true);
    expect([...Array(20).keys()].map((i) => i + 40).some((i) => !same(i))).toBe(true);
    expect(deriveVersion(db)).toBe(0);
    db.close();
    expect(cli(['analyse', '--db', path, ...LOGS]).code).toBe(0);
    expect(tables(path)).toEqual(tables(reference));
  });
});

describe('nothing is written when nothing changed', () => {
  test('a database at the program version is left alone, and analyse does not touch its file', () => {
    const path = analysed();
    const db = openForWrite(path);
    expect(rederiveIfNeeded(db)).toBeNull();
    expect(changes(db)).toBe(0);
    db.close();
    const before = statSync(path);
    expect(cli(['analyse', '--db', path, ...LOGS]).code).toBe(0);
    const after = statSync(path);
    expect([after.mtimeMs, after.size]).toEqual([before.mtimeMs, before.size]);
  });

  test('an older version over rows already right writes the version alone', () => {
    const path = analysed();
    const db = openForWrite(path);
    db.prepare(`UPDATE meta SET value = '0'`).run();
    const base = changes(db);
    expect(rederiveIfNeeded(db, { batchRows: 25 })).toMatchObject({ updated: 0, done: true });
    expect(changes(db) - base).toBe(1);
    expect(deriveVersion(db)).toBe(DERIVE_VERSION);
    db.close();
  });
});

describe('Exim rows of an older derivation read again', () => {
  test('a DNS-routing router\'s deferral stored as our own agent\'s becomes the remote\'s, and an alias :defer: stays ours', async () => {
    const { analyse } = await import('../../src/app/analyse.js');
    const { writeFileSync } = await import('node:fs');
    const dir = tempDir();
    try {
      const log = join(dir.dir, 'dns.log');
      writeFileSync(log, [
        '2026-11-28 18:13:00 1xXMvZ-0004Hb-0V == hank@nodns.example R=dnslookup defer (-1): host lookup did not complete',
        '2026-11-28 18:13:01 1xXMvZ-0004Hc-0W == migrate@lab.example R=system_aliases defer (-1): Mailbox migration in progress',
      ].join('\n') + '\n');
      const path = join(dir.dir, 'dns.db');
      await analyse({ db: path, inputs: [log], now: () => Date.parse('2026-11-29T00:00:00Z'), year: 2026 });
      const db = openForWrite(path);
      const flags = () => db.prepare(`SELECT recipient, local_agent FROM deliveries ORDER BY recipient`).all();
      const fresh = flags();
      expect(fresh).toEqual([{ recipient: 'hank@nodns.example', local_agent: 0 }, { recipient: 'migrate@lab.example', local_agent: 1 }]);
      // as an older mxlens stored it
      db.prepare(`UPDATE deliveries SET local_agent = 1`).run();
      db.prepare(`UPDATE meta SET value = '13' WHERE key = 'derive_version'`).run();
      rederiveIfNeeded(db);
      expect(flags()).toEqual(fresh);
      db.close();
    } finally {
      dir.cleanup();
    }
  });
});
