import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, test } from 'vitest';
import { analyse } from '../../src/app/analyse.js';
import { lineRules, rederiveIfNeeded } from '../../src/app/rederive.js';
import { buildReport } from '../../src/app/report.js';
import { openForWrite } from '../../src/store/db.js';
import { reread } from '../../src/store/reread.js';
import { dumpFacts, fixture, tempDir } from '../helpers.js';

// Four parser fixes made before derivation version 15 changed columns the parser fills from the line: a
// database an older mxlens filled keeps the old values unless its stored lines are read again. Each
// case stores the logs as this version does, turns the rows back into what the older one wrote (and
// their remedies into what it derived), and opens the database again: the rows, and the report,
// must be those of a fresh database, rows already right must be left alone, and a second reading
// must change nothing.

const NOW = () => Date.parse('2026-11-29T00:00:00Z');
const tmp = tempDir();
afterAll(() => tmp.cleanup());

interface Case {
  name: string;
  logs: string[];
  /** how the older version stored the rows */
  old: string;
  /** the rows the older version stored otherwise: counted before the upgrade, and after it */
  wrong: string;
  /** rows the passes read that were already right */
  right: string;
}

const CASES: Case[] = [
  {
    name: 'Cyrus SASL generic failure: 454 4.7.0 and the temporary remedy, not a permanent 535 blamed on credentials',
    logs: ['corpus/postfix/hsn723-postfix-exporter.log', 'corpus/postfix/fail2ban-postfix.log'],
    old: `UPDATE replies SET code = 535, enhanced = '5.7.8', text = 'Error: authentication failed', reason = 'Error: authentication failed',
          remedy_id = 'text.auth-failed' WHERE pattern = 'postfix.smtpd.sasl-failed' AND line LIKE '%: generic failure'`,
    wrong: `SELECT count(*) FROM replies WHERE line LIKE '%: generic failure' AND (code <> 454 OR remedy_id <> 'enh.4.7.0')`,
    right: `SELECT count(*) FROM replies WHERE pattern = 'postfix.smtpd.sasl-failed' AND code = 535`,
  },
  {
    name: 'Exim MAIL before HELO, and a connection\'s message limit: the client, no sender, 503 and 421',
    logs: ['corpus/exim/exim-testsuite-mainlog.log', 'corpus/exim/exim-testsuite-rejectlog.log'],
    // the words after "rejected MAIL " up to ": " were the sender
    old: `UPDATE replies SET pattern = 'exim.reject.mail', code = 550, client_host = NULL, client_ip = NULL,
            sender = substr(line, instr(line, 'rejected MAIL ') + 14, instr(line, ': no HELO/EHLO given') - instr(line, 'rejected MAIL ') - 14)
          WHERE pattern = 'exim.reject.mail-no-helo';
          UPDATE replies SET pattern = 'exim.reject.mail', code = 550, remedy_id = 'text.rate-limit',
            sender = substr(line, instr(line, 'rejected MAIL ') + 14, instr(line, ': too many messages') - instr(line, 'rejected MAIL ') - 14)
          WHERE pattern = 'exim.reject.mail-per-connection'`,
    wrong: `SELECT count(*) FROM replies WHERE (line LIKE '%rejected MAIL from %: no HELO/EHLO given' OR line LIKE '%rejected MAIL command %')
            AND (sender IS NOT NULL OR pattern = 'exim.reject.mail' OR code = 550)`,
    right: `SELECT count(*) FROM replies WHERE pattern = 'exim.reject.mail'`,
  },
  {
    name: 'Exim remote refusal of older releases: the relay stored, the host out of the detail',
    logs: ['corpus/exim/ddgrey-exim-mainlog.log', 'corpus/exim/exim-testsuite-mainlog.log'],
    old: `UPDATE deliveries SET relay_host = NULL, relay_ip = NULL, detail = substr(line, instr(line, 'SMTP error from')), remedy_id = 'code.554'
          WHERE mta = 'exim' AND status <> 'sent' AND line LIKE '%SMTP error from remote mail server after %: host % [%]: %'`,
    wrong: `SELECT count(*) FROM deliveries WHERE line LIKE '%SMTP error from remote mail server after %: host % [%]: %' AND (relay_ip IS NULL OR detail LIKE '%: host %')`,
    right: `SELECT count(*) FROM deliveries WHERE mta = 'exim' AND status <> 'sent' AND relay_ip IS NOT NULL AND detail LIKE '%MTP error %after %'`,
  },
  {
    name: 'Postfix error(8) repeating a failure: the reply it carries, so it groups with the failure',
    logs: ['corpus/postfix/gomaillex-maillog.log'],
    old: `UPDATE deliveries SET code = NULL, code_derived = 0, enhanced = dsn, stage = NULL, reply_text = NULL, remedy_id = 'text.temporary-lookup'
          WHERE mta = 'postfix' AND detail LIKE 'delivery temporarily suspended: %'`,
    wrong: `SELECT count(*) FROM deliveries WHERE detail GLOB 'delivery temporarily suspended: host *' AND reply_text IS NULL`,
    // 'Host or domain name not found' names no reply, now as then
    right: `SELECT count(*) FROM deliveries WHERE detail LIKE 'delivery temporarily suspended: host %' AND reply_text IS NULL`,
  },
];

const count = (path: string, sql: string): number => {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare(sql).pluck().get() as number;
  } finally {
    db.close();
  }
};

/** The report as JSON, but for the time it was made. */
function report(path: string): unknown {
  const { generated_at: _, ...rest } = buildReport({ db: path, window: { from: null, to: null }, top: 50, now: NOW }) as unknown as Record<string, unknown>;
  return rest;
}

describe('rows an older mxlens stored before the parser fixes, read again on upgrade', () => {
  CASES.forEach((c, i) => {
    test(c.name, async () => {
      const inputs = c.logs.map(fixture);
      const fresh = join(tmp.dir, `fresh${i}.db`);
      await analyse({ db: fresh, inputs, now: NOW, year: 2026 });
      const old = join(tmp.dir, `old${i}.db`);
      copyFileSync(fresh, old);
      const d = new Database(old);
      d.exec(c.old);
      d.exec(`UPDATE meta SET value = '13' WHERE key = 'derive_version'`);
      d.close();
      const wrong = count(old, c.wrong);
      expect(wrong).toBeGreaterThan(0);
      expect(count(fresh, c.wrong)).toBe(0);
      expect(count(fresh, c.right)).toBeGreaterThan(0);

      // the lines alone: only the rows stored otherwise change, and the database ends as a fresh one
      const db = openForWrite(old);
      expect(reread(db, lineRules(), 2)).toBe(wrong);
      db.close();
      // the next run over the same logs derives reasons and remedies from the corrected columns
      await analyse({ db: old, inputs, now: NOW, year: 2026 });
      expect(count(old, c.wrong)).toBe(0);
      expect(dumpFacts(old)).toEqual(dumpFacts(fresh));
      expect(report(old)).toEqual(report(fresh));

      // read once more, and on the fresh database: nothing to change
      for (const path of [old, fresh]) {
        const again = openForWrite(path);
        expect(reread(again, lineRules())).toBe(0);
        again.close();
      }
    });
  });

  test('analyse reads the lines before it derives: the remedy follows the corrected code', async () => {
    const inputs = CASES[0]!.logs.map(fixture);
    const path = join(tmp.dir, 'order.db');
    await analyse({ db: path, inputs, now: NOW, year: 2026 });
    const d = new Database(path);
    d.exec(CASES[0]!.old);
    d.exec(`UPDATE meta SET value = '13' WHERE key = 'derive_version'`);
    d.close();
    const db = openForWrite(path);
    expect(rederiveIfNeeded(db, { batchRows: 3 })).toMatchObject({ done: true });
    expect(db.prepare(`SELECT code || ' ' || enhanced || ' ' || remedy_id FROM replies WHERE line LIKE '%: generic failure'`).pluck().all()).toEqual(['454 4.7.0 enh.4.7.0']);
    db.close();
  });
});
