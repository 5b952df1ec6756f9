import { appendFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, test } from 'vitest';
import { analyse } from '../../src/app/analyse.js';
import { asSchema, fixture, tempDir } from '../helpers.js';

// A database written before each open row kept its host's clock (migration 0030). The rows a later run
// reads back take their own last time as that clock, so they go on ageing: a message the queue manager
// never saw is abandoned once its host's lines are a day past it, as in a database written by this version.

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const NOW = () => Date.parse('2026-12-01T00:00:00Z');
const LATER = 'Nov 30 18:00:00 mx postfix/postfix-script[6900]: starting the Postfix mail system\n';

const states = (path: string): unknown[] => {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare(`SELECT queue_id, state FROM messages WHERE nrcpt IS NULL AND mta = 'postfix' ORDER BY queue_id, id`).all();
  } finally {
    db.close();
  }
};

describe('open rows of a database written before the clock was kept with them', () => {
  test('age after the upgrade as they do in a database of this version', async () => {
    const log = join(tmp.dir, 'mail.log');
    copyFileSync(fixture('lab/postfix-maillog_file.log'), log);
    const now = join(tmp.dir, 'now.db');
    await analyse({ db: now, inputs: [log], now: NOW, year: 2026 });
    const old = join(tmp.dir, 'old.db');
    asSchema(now, old, 29).close();
    const open = (states(old) as Array<{ state: string }>).filter((m) => m.state === 'open').length;
    expect(open).toBeGreaterThan(0);

    appendFileSync(log, LATER);
    await analyse({ db: now, inputs: [log], now: NOW, year: 2026 });
    await analyse({ db: old, inputs: [log], now: NOW, year: 2026 });
    const after = states(now) as Array<{ state: string }>;
    // the lab's unqueued messages left open are abandoned two days on (held ones wait)
    expect(after.filter((m) => m.state === 'open')).toEqual([]);
    expect(after.filter((m) => m.state === 'abandoned').length).toBeGreaterThanOrEqual(open);
    expect(states(old)).toEqual(after);
  });
});
