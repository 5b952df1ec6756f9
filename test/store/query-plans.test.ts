import Database from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import { migrate } from '../../src/store/migrate.js';
import { NOT_TWIN, ReportQueries } from '../../src/store/queries.js';
import { DISPLACED } from '../../src/store/sources.js';
import { OPEN_MESSAGE } from '../../src/store/stored-messages.js';
import { ABANDON_UNQUEUED } from '../../src/store/writer.js';

// A statement that runs a subquery for each row must find that subquery's rows by an index: a
// scan of a table per row makes a report on a large database run for hours. Exim's rejectlog
// is the case met: each of its rows asks whether its mainlog twin is stored, and with 63,000
// rejectlog rows next to 1,000,000 mainlog lines the report did not finish in ten minutes.

function plan(db: Database.Database, sql: string, params: unknown[] = []): string[] {
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail);
}

describe('subqueries run per row search an index', () => {
  const db = new Database(':memory:');
  migrate(db);

  test('the rejectlog twin check', () => {
    const s = new ReportQueries(db).rejectionScope({ from: null, to: null });
    const steps = plan(db, `SELECT count(*) FROM replies r WHERE ${s.sql}`, s.params);
    const sub = steps.slice(steps.findIndex((d) => d.startsWith('CORRELATED')) + 1);
    expect(sub.length).toBeGreaterThan(0);
    expect(sub.filter((d) => d.startsWith('SCAN'))).toEqual([]);
    expect(sub[0]).toMatch(/^SEARCH t USING INDEX/);
  });

  test('the same check where trace reads replies', () => {
    const steps = plan(db, `SELECT id FROM replies r WHERE client_ip = ? AND ${NOT_TWIN}`, ['192.0.2.1']);
    expect(steps.filter((d) => d.startsWith('SCAN t'))).toEqual([]);
  });
});

// Statements a run issues again and again on a database with a large mail queue.
describe('open messages of earlier runs are found by an index', () => {
  const db = new Database(':memory:');
  migrate(db);

  test('the message a line names', () => {
    expect(plan(db, OPEN_MESSAGE, ['mx', '4A1B2C3D4E'])[0]).toMatch(/^SEARCH m USING INDEX messages_open_key \(host=\? AND queue_id=\?\)/);
  });

  test('the messages the queue manager never saw, past their day', () => {
    expect(plan(db, ABANDON_UNQUEUED, ['mx', 0])).toEqual(['SEARCH messages USING INDEX messages_unqueued (host=? AND last_clock<?)']);
  });

  test('the Exim connections displaced in the last hour (a run reads them at its start)', () => {
    expect(plan(db, DISPLACED, [0])).toEqual(['SEARCH sessions USING INDEX sessions_displaced (seen_clock>?)']);
  });
});
