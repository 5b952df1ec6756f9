import { appendFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, test } from 'vitest';
import { analyse } from '../../src/app/analyse.js';
import { lineRules } from '../../src/app/rederive.js';
import { openForWrite } from '../../src/store/db.js';
import { reread } from '../../src/store/reread.js';
import { dumpFacts, fixture, scalar, tempDir } from '../helpers.js';

// A deferral's cause is copied into the causes its open message keeps and into the bounce or
// expiry that ends the message. The upgrade corrects stored deferrals an older mxlens filled
// otherwise (upgrade-reread.test.ts); their copies must follow. Each case stores the logs as this
// version does, turns the deferrals and their copies back into what the older version wrote,
// then reads a later line that ends an open message, after the upgrade: the database must end as
// one the program filled itself, line by line.

const NOW = () => Date.parse('2026-11-29T00:00:00Z');
const tmp = tempDir();
afterAll(() => tmp.cleanup());

interface Case {
  name: string;
  logs: string[];
  /** lines that come after the upgrade, at the end of the first log */
  later: string[];
  /** how the older version stored the rows */
  old: string;
  /** copies the older version made otherwise, each kind counted: some before the upgrade, none after */
  wrong: string[];
  /** what the rows the later lines add say, and what they must say */
  ended: [sql: string, expected: string];
}

// the latest deferral of a message, as the SQL of a case sees it
const LATEST = `(SELECT s.detail FROM deliveries s WHERE s.message_row = %ROW% AND s.status = 'deferred' AND s.id < %BEFORE% ORDER BY s.id DESC LIMIT 1)`;
const latest = (row: string, before = '1e18') => LATEST.replace('%ROW%', row).replace('%BEFORE%', before);

const CASES: Case[] = [
  {
    name: 'Exim: a DNS router\'s deferral is not our own agent\'s, and an older release\'s remote refusal names its host, in the causes an open message keeps',
    logs: ['corpus/exim/exim-testsuite-mainlog.log'],
    // both recipients of 10HmaY-0005vi-00 are still deferred at the end of the log; their retries run out
    later: [
      '1999-03-02 09:44:34 10HmaY-0005vi-00 ** delay@2.test.again.dns: retry timeout exceeded',
      '1999-03-02 09:44:34 10HmaY-0005vi-00 ** ok@no.delay: retry timeout exceeded',
    ],
    // (until derivation version 14) a DNS router's failure was our own agent's; (until 15) an older
    // release's remote refusal had no relay; and the open messages kept the causes those rows gave
    old: `UPDATE deliveries SET local_agent = 1 WHERE mta = 'exim' AND status <> 'sent' AND relay_ip IS NULL AND line LIKE '%host lookup did not complete%';
          UPDATE messages SET causes = replace(causes, '"host lookup did not complete",0', '"host lookup did not complete",1')
          WHERE state = 'open' AND causes LIKE '%"host lookup did not complete",0%';
          UPDATE messages SET causes = replace(causes, ',0,"127.0.0.1","127.0.0.1"]', ',0]')
          WHERE state = 'open' AND id IN (SELECT message_row FROM deliveries WHERE line LIKE '%SMTP error from remote mail server after %: host % [%]: %');
          UPDATE deliveries SET relay_host = NULL, relay_ip = NULL, detail = substr(line, instr(line, 'SMTP error from'))
          WHERE mta = 'exim' AND status <> 'sent' AND line LIKE '%SMTP error from remote mail server after %: host % [%]: %'`,
    wrong: [
      `SELECT count(*) FROM messages WHERE causes LIKE '%"host lookup did not complete",1%'`,
      `SELECT count(*) FROM messages WHERE causes LIKE '%SMTP command timeout - closing connection",0]%'`,
    ],
    ended: [
      `SELECT group_concat(recipient || ' ' || local_agent || ' ' || coalesce(relay_ip, '-') || ' ' || last_error, '; ') FROM
       (SELECT * FROM deliveries WHERE line LIKE '%10HmaY-0005vi-00 **%' ORDER BY recipient)`,
      'delay@2.test.again.dns 0 - host lookup did not complete; ok@no.delay 0 127.0.0.1 421 myhost.test.ex: SMTP command timeout - closing connection',
    ],
  },
  {
    name: 'Postfix: an error(8) deferral repeating a failure carries its reply, in the causes an open message keeps and in an expiry\'s last error',
    // louisitvn's expiries after error(8) deferrals are stored with the cause they took
    logs: ['corpus/postfix/gomaillex-maillog.log', 'corpus/postfix/louisitvn-pflgviewer.log'],
    // D00E87C2912's last deferral is error(8)'s; its queue lifetime runs out
    later: ['Jun 29 03:20:00 RHL058 postfix/qmgr[14505]: D00E87C2912: from=<no-reply@grooveshark.com>, status=expired, returned to sender'],
    // (until derivation version 15) error(8)'s repeat of a failure kept no reply: its cause was the detail
    old: `UPDATE messages SET causes = json_object('last', json_array(${latest('messages.id')}, 0))
          WHERE state = 'open' AND causes IS NOT NULL AND ${latest('messages.id')} GLOB 'delivery temporarily suspended: host *';
          UPDATE deliveries SET last_error = ${latest('deliveries.message_row', 'deliveries.id')}
          WHERE status = 'expired' AND last_error IS NOT NULL AND ${latest('deliveries.message_row', 'deliveries.id')} GLOB 'delivery temporarily suspended: host *';
          UPDATE deliveries SET code = NULL, code_derived = 0, enhanced = dsn, stage = NULL, reply_text = NULL
          WHERE mta = 'postfix' AND detail GLOB 'delivery temporarily suspended: host *'`,
    // (GLOB: 'Host or domain name not found' names no reply, now as then)
    wrong: [
      `SELECT count(*) FROM messages WHERE causes GLOB '*"delivery temporarily suspended: host *'`,
      `SELECT count(*) FROM deliveries WHERE last_error GLOB 'delivery temporarily suspended: host *'`,
    ],
    ended: [
      `SELECT last_error FROM deliveries WHERE queue_id = 'D00E87C2912' AND status = 'expired'`,
      '421 4.7.1 Intrusion prevention active for [8.19.240.91][P]',
    ],
  },
];

describe('the copies of a deferral\'s cause, after the upgrade corrects the deferral', () => {
  CASES.forEach((c, i) => {
    test(c.name, async () => {
      const logs = c.logs.map((l, j) => join(tmp.dir, `log${i}-${j}`));
      c.logs.forEach((l, j) => copyFileSync(fixture(l), logs[j]!));
      const run = (db: string) => analyse({ db, inputs: logs, now: NOW, year: 2026 });
      const fresh = join(tmp.dir, `fresh${i}.db`);
      await run(fresh);
      const old = join(tmp.dir, `old${i}.db`);
      copyFileSync(fresh, old);
      const d = new Database(old);
      d.exec(c.old);
      d.exec(`UPDATE meta SET value = '13' WHERE key = 'derive_version'`);
      d.close();
      for (const w of c.wrong) {
        expect(scalar(old, w)).toBeGreaterThan(0);
        expect(scalar(fresh, w)).toBe(0);
      }

      appendFileSync(logs[0]!, c.later.map((l) => `${l}\n`).join(''));
      // the upgrade comes first, then the later lines: a message ends by the cause it kept
      await run(old);
      await run(fresh);
      for (const w of c.wrong) expect(scalar(old, w)).toBe(0);
      expect(scalar(fresh, c.ended[0])).toBe(c.ended[1]);
      expect(scalar(old, c.ended[0])).toBe(c.ended[1]);
      expect(dumpFacts(old)).toEqual(dumpFacts(fresh));

      // read once more, and on the fresh database: nothing to change
      for (const path of [old, fresh]) {
        const again = openForWrite(path);
        expect(reread(again, lineRules())).toBe(0);
        again.close();
      }
    });
  });
});
