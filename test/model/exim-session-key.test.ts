import { afterAll, describe, expect, test } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyse } from '../../src/app/analyse.js';
import { scalar, tempDir } from '../helpers.js';

// Exim's mainlog names no process unless log_selector has +pid; with +incoming_port each line of
// a session carries the client's port, which tells two connections from one address apart.

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const sessions = (db: string) =>
  String(scalar(db, "SELECT group_concat(coalesce(client_ip, '') || ':' || coalesce(client_port, '') || ':' || coalesce(end_reason, 'open') || ':' || stalled, ' ') FROM (SELECT * FROM sessions ORDER BY id)"));

describe('Exim sessions without a pid', () => {
  test('two connections from one address at once stay two sessions when the port is logged', async () => {
    const log = join(tmp.dir, 'mainlog');
    writeFileSync(log, [
      '2026-11-28 10:00:00 SMTP connection from [192.0.2.7]:40001 I=[198.51.100.1]:25 (TCP/IP connection count = 1)',
      '2026-11-28 10:00:01 SMTP connection from [192.0.2.7]:40002 I=[198.51.100.1]:25 (TCP/IP connection count = 2)',
      '2026-11-28 10:00:05 1xXMuw-00048C-0z SMTP data timeout (message abandoned) on connection from (mx.example) [192.0.2.7]:40001 F=<a@example.org>',
      '2026-11-28 10:00:06 SMTP connection from (mx.example) [192.0.2.7]:40002 I=[198.51.100.1]:25 closed by QUIT',
    ].join('\n') + '\n');
    const db = join(tmp.dir, 'ports.db');
    await analyse({ db, inputs: [log], now: () => Date.parse('2026-11-29T00:00:00Z'), year: 2026, mta: 'exim' });
    // the stall belongs to the first connection, the QUIT ends the second; neither ends the other
    expect(sessions(db)).toBe('192.0.2.7:40001:timeout:1 192.0.2.7:40002:disconnect:0');
  });

  test('a rejectlog entry, read after the mainlog, counts on no connection: its mainlog twin counts once, on its own', async () => {
    const db = join(tmp.dir, 'twins.db');
    await analyse({ db, inputs: ['fixtures/lab/exim-mainlog.log', 'fixtures/lab/exim-rejectlog.log'], now: () => Date.parse('2026-11-29T00:00:00Z'), year: 2026 });
    expect(scalar(db, "SELECT count(*) FROM replies WHERE origin = 'rejectlog'")).toBeGreaterThan(5);
    expect(scalar(db, "SELECT count(*) FROM replies WHERE origin = 'rejectlog' AND session_id IS NOT NULL")).toBe(0);
    // each connection's count of refusals is its own refusals in the mainlog, not also a twin's of another connection
    expect(scalar(db, 'SELECT sum(rejects) FROM sessions')).toBe(scalar(db, "SELECT count(*) FROM replies WHERE origin = 'log' AND kind = 'reject' AND session_id IS NOT NULL"));
  });
});
