import Database from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import { loadMigrations, migrate, schemaVersion } from '../../src/store/migrate.js';

// A database written by an earlier mxlens is brought up to date when it is next opened for writing.

describe('migrations', () => {
  test('remedy ids renamed in the catalogue are renamed in stored rows (0005)', () => {
    const all = loadMigrations();
    const db = new Database(':memory:');
    migrate(db, all.filter((m) => m.version <= 4));
    expect(schemaVersion(db)).toBe(4);
    const reply = db.prepare(`INSERT INTO replies (host, mta, program, kind, direction, text, reason, remedy_id, pattern, line)
                              VALUES ('mx', 'exim', 'exim', 'reject', 'inbound', 't', 't', ?, 'p', 'l')`);
    reply.run('text.postfix.sender-rejected');
    reply.run('text.postfix.unknown-client');
    reply.run('code.550');
    db.prepare(`INSERT INTO deliveries (host, mta, program, status, remedy_id, pattern) VALUES ('mx', 'postfix', 'smtp', 'bounced', ?, 'p')`)
      .run('text.postfix.unknown-client');

    migrate(db, all);
    expect(schemaVersion(db)).toBe(all.at(-1)!.version);
    expect(db.prepare('SELECT remedy_id FROM replies ORDER BY id').pluck().all()).toEqual(['text.sender-rejected', 'text.unknown-client', 'code.550']);
    expect(db.prepare('SELECT remedy_id FROM deliveries').pluck().get()).toBe('text.unknown-client');
  });

  test('deliveries read before 0006 learn which ones our own Postfix agents failed', () => {
    const all = loadMigrations();
    const db = new Database(':memory:');
    migrate(db, all.filter((m) => m.version <= 5));
    const ins = db.prepare(`INSERT INTO deliveries (host, mta, program, status, relay_host, relay_ip, pattern) VALUES ('mx', ?, ?, ?, ?, ?, ?)`);
    ins.run('postfix', 'postfix/error', 'bounced', 'none', null, 'postfix.delivery.local-agent');
    ins.run('postfix', 'postfix/error', 'deferred', '127.0.0.1', '127.0.0.1', 'postfix.delivery.local-agent');
    ins.run('postfix', 'postfix/smtp', 'bounced', 'none', null, 'postfix.delivery.status');
    ins.run('exim', 'exim', 'bounced', null, null, 'exim.delivery');
    migrate(db, all);
    expect(db.prepare('SELECT local_agent FROM deliveries ORDER BY id').pluck().all()).toEqual([1, 0, 0, 0]);
  });

  test('a JSON checkpoint stored before 0008 still marks what it said was read', () => {
    const all = loadMigrations();
    const db = new Database(':memory:');
    migrate(db, all.filter((m) => m.version <= 7));
    const ins = db.prepare(`INSERT INTO sources (path, kind, cursor) VALUES (?, ?, ?)`);
    ins.run('-', 'journal', 's=0123abc;i=1F;b=b1;m=9;t=5f1e2d;x=7');
    ins.run('export.json', 'journal', 's=0123abc;i=a');
    ins.run('other.json', 'journal', 'nonsense');
    ins.run('-', 'docker', '1795888800000000123');
    ins.run('/var/log/mail.log', 'file', null);
    migrate(db, all);
    expect(db.prepare('SELECT scope, stream, lo, hi FROM read_spans ORDER BY scope').all()).toEqual([
      { scope: 'docker:-', stream: '*', lo: '0000000000000000', hi: 1795888800000000123n.toString(16).padStart(16, '0') },
      // two sources of one journal: the further one counts
      { scope: 'journal:0123abc', stream: '*', lo: '0000000000000000', hi: '000000000000001f' },
    ]);
  });
});
