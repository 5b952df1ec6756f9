import Database from 'better-sqlite3';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { readLine } from '../../src/app/line-query.js';
import { explain } from '../../src/remedy/describe.js';
import { built, mxlens, tempDir } from '../e2e/helpers.js';

// `explain` with a log line pasted in gives the entry the report gives that line: the line goes
// through the parser, correlation and derivation analyse uses. Checked on every reply, failed
// delivery and stall the lab logs store.

const t = tempDir('line-query');
afterAll(() => t.cleanup());

const LOGS = ['fixtures/lab/postfix-syslog.log', 'fixtures/lab/postfix-maillog_file.log', 'fixtures/lab/exim-mainlog.log', 'fixtures/lab/exim-rejectlog.log'];

interface Stored {
  line: string;
  remedy_id: string;
}

describe.skipIf(!built)('explain of a pasted log line', () => {
  test.each(LOGS)('%s: every stored line gets the remedy the report shows', (log) => {
    const db = join(t.dir, `${log.replace(/\W/g, '_')}.db`);
    const r = mxlens(['analyse', resolve(log), '--db', db, '--year', '2026']);
    expect(r.status).toBe(0);
    const conn = new Database(db, { readonly: true });
    const rows = [
      ...(conn.prepare('SELECT line, remedy_id FROM replies').all() as Stored[]),
      // a bounce or expiry remedied by its last deferral's cause: one pasted line holds no such cause (below)
      ...(conn.prepare('SELECT line, remedy_id FROM deliveries WHERE line IS NOT NULL AND remedy_id IS NOT NULL AND last_error IS NULL').all() as Stored[]),
      ...(conn.prepare('SELECT line, remedy_id FROM stalls').all() as Stored[]),
    ];
    conn.close();
    expect(rows.length).toBeGreaterThan(10);
    const wrong = rows
      .map((row) => ({ line: row.line, stored: row.remedy_id, explained: explain(row.line, 'en', readLine(row.line))?.entries[0]?.id ?? null }))
      .filter((x) => x.explained !== x.stored);
    expect(wrong).toEqual([]);
  });

  test('an Exim rejection that logs no code is explained with the code its shape implies', () => {
    const line = '2026-11-28 18:12:56 H=(mail.bad.example) [127.0.0.35] F=<spammer@bad.example> rejected RCPT <dave@lab.example>: Sender blacklisted by lab policy';
    const x = explain(line, 'en', readLine(line))!;
    expect([x.code, x.entries[0]!.id]).toEqual([550, 'text.sender-rejected']);
    expect(x.notes![0]).toMatch(/our server's reply to a client at RCPT; the code 550 is implied by the line/);
  });

  test("a pasted bounce that ran out of retries has no earlier deferral to name: it gets Exim's retry entry, as before", () => {
    const line = '2026-11-29 06:51:58 1xXYjO-0003vT-1a ** erin@lab.example: retry timeout exceeded';
    const q = readLine(line)!;
    expect(q.query.text).toBe('retry timeout exceeded');
    expect(explain(line, 'en', q)!.entries[0]!.id).toBe('text.exim.retry-time');
  });

  test('a stalled DATA phase is explained as the stall it is', () => {
    const line = 'Nov 28 17:56:57 mx postfix/smtpd[4822]: timeout after DATA (0 bytes) from unknown[127.0.0.26]';
    expect(explain(line, 'en', readLine(line))!.entries[0]!.id).toBe('stall.inbound.timeout-after-data');
  });

  test('a code, or a reply without a log prefix, is read as before', () => {
    expect(readLine('551')).toBeNull();
    expect(readLine('550 5.1.1 <a@b>: Recipient address rejected: User unknown in local recipient table')).toBeNull();
  });

  test('through the binary: exit 0 where it said "no SMTP reply code" (65)', () => {
    const r = mxlens(['explain', '2026-11-28 18:13:35 1xXMvX-0004EN-1j ** gone@lab.example R=system_aliases: User has left the company']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('[local.own-decision]');
  });
});
