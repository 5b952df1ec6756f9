import { afterAll, describe, expect, test } from 'vitest';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyse } from '../../src/app/analyse.js';
import { dumpFacts, scalar, tempDir } from '../helpers.js';

// Postfix answers DATA with 354 only when a recipient was accepted (smtpd.c data_cmd: "554 5.5.1
// Error: no valid recipients" otherwise), and it logs the queue id ("client=") at the first accepted
// one. Postfix 2.6 and later write "after DATA (N bytes)" only after a 354; older ones wrote
// "(approximately N bytes)", or no count, after a refused DATA too: spam bots that pipeline DATA
// behind refused recipients then hang up (fixtures/corpus/postfix/kdent-postfix-log-analysis.log).

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const now = () => Date.parse('2026-11-29T00:00:00Z');

const refused = [
  'Oct 22 03:04:25 conch postfix/smtpd[27030]: connect from unknown[185.106.121.100]',
  'Oct 22 03:04:26 conch postfix/smtpd[27030]: NOQUEUE: reject: RCPT from unknown[185.106.121.100]: 554 5.7.1 Service unavailable; Client host [185.106.121.100] blocked using zen.spamhaus.org; from=<a@b.example> to=<c@d.example> proto=ESMTP helo=<x>',
  'Oct 22 03:04:26 conch postfix/smtpd[27030]: lost connection after DATA (approximately 0 bytes) from unknown[185.106.121.100]',
  'Oct 22 03:04:26 conch postfix/smtpd[27030]: disconnect from unknown[185.106.121.100]',
];
const accepted = [
  'Oct 22 04:00:00 conch postfix/smtpd[27030]: connect from mail.example[192.0.2.7]',
  'Oct 22 04:00:01 conch postfix/smtpd[27030]: 36FF5242EB: client=mail.example[192.0.2.7]',
];
const acceptedEnd = [
  'Oct 22 04:00:09 conch postfix/smtpd[27030]: timeout after DATA (approximately 812 bytes) from mail.example[192.0.2.7]',
  'Oct 22 04:00:09 conch postfix/smtpd[27030]: disconnect from mail.example[192.0.2.7]',
];
// the form Postfix 2.6 and later write only after a 354: believed whatever else the log shows
const modern = [
  'Oct 22 05:00:00 conch postfix/smtpd[27031]: connect from unknown[192.0.2.9]',
  'Oct 22 05:00:30 conch postfix/smtpd[27031]: lost connection after DATA (0 bytes) from unknown[192.0.2.9]',
  'Oct 22 05:00:30 conch postfix/smtpd[27031]: disconnect from unknown[192.0.2.9]',
];

const run = async (name: string, parts: string[][]): Promise<string> => {
  const db = join(tmp.dir, `${name}.db`);
  const log = join(tmp.dir, `${name}.log`);
  writeFileSync(log, '');
  for (const p of parts) {
    appendFileSync(log, p.join('\n') + '\n');
    await analyse({ db, inputs: [log], now, year: 2026 });
  }
  return db;
};

describe('a DATA that was never answered 354', () => {
  test('a connection whose recipients were all refused ends after DATA with no stall; one with a queue id stalls', async () => {
    const db = await run('one', [[...refused, ...accepted, ...acceptedEnd, ...modern]]);
    expect(scalar(db, "SELECT group_concat(peer_ip || ' ' || kind || ' ' || bytes, ', ') FROM stalls ORDER BY ts")).toBe(
      '192.0.2.7 inbound.timeout-after-data 812, 192.0.2.9 inbound.lost-after-data 0',
    );
    expect(scalar(db, "SELECT end_reason || ' ' || end_stage || ' ' || stalled FROM sessions WHERE client_ip = '185.106.121.100'")).toBe('lost DATA 0');
    expect(scalar(db, "SELECT stalled FROM sessions WHERE client_ip = '192.0.2.7'")).toBe(1);
  });

  test('a run cut between the queue id and the stall gives the same rows', async () => {
    const one = await run('whole', [[...refused, ...accepted, ...acceptedEnd, ...modern]]);
    const two = await run('cut', [[...refused, ...accepted], [...acceptedEnd, ...modern]]);
    const sessions = (db: string) => scalar(db, "SELECT group_concat(client_ip || ' ' || end_reason || ' ' || coalesce(end_stage, '-') || ' ' || stalled || ' ' || messages, ', ') FROM (SELECT * FROM sessions ORDER BY client_ip)");
    expect(dumpFacts(two)).toEqual(dumpFacts(one));
    expect(sessions(two)).toBe(sessions(one));
    expect(sessions(one)).toBe('185.106.121.100 lost DATA 0 0, 192.0.2.7 timeout DATA 1 1, 192.0.2.9 lost DATA 1 0');
  });

  // lab2's refusal of a null-sender DATA with many recipients (smtpd_data_restrictions), and a client
  // that then hangs up: its recipients were accepted (client=), but its DATA got 550, not 354
  const dataRefused = [
    'Nov 29 06:58:23 mx postfix/smtpd[5285]: connect from unknown[127.0.0.153]',
    'Nov 29 06:58:23 mx postfix/smtpd[5285]: 0A952162118: client=unknown[127.0.0.153]',
    'Nov 29 06:58:23 mx postfix/smtpd[5285]: 0A952162118: reject: DATA from unknown[127.0.0.153]: 550 5.5.3 <DATA>: Data command rejected: Multi-recipient bounce; from=<> proto=ESMTP helo=<mail.partner.test>',
  ];
  const dataRefusedEnd = [
    'Nov 29 06:58:23 mx postfix/smtpd[5285]: lost connection after DATA from unknown[127.0.0.153]',
    'Nov 29 06:58:23 mx postfix/smtpd[5285]: disconnect from unknown[127.0.0.153] ehlo=1 mail=1 rcpt=2 data=0/1 commands=4/5',
  ];
  // a later transaction of the same connection that did get its 354 (and its queue id) stalls again
  const nextTransaction = [
    'Nov 29 07:00:00 mx postfix/smtpd[5286]: connect from unknown[127.0.0.154]',
    'Nov 29 07:00:00 mx postfix/smtpd[5286]: 1B952162118: client=unknown[127.0.0.154]',
    'Nov 29 07:00:00 mx postfix/smtpd[5286]: 1B952162118: milter-reject: DATA from unknown[127.0.0.154]: 451 4.7.1 Try again later; from=<a@b.example> to=<c@d.example> proto=ESMTP helo=<x>',
    'Nov 29 07:00:01 mx postfix/smtpd[5286]: 2B952162118: client=unknown[127.0.0.154]',
    'Nov 29 07:00:31 mx postfix/smtpd[5286]: lost connection after DATA from unknown[127.0.0.154]',
    'Nov 29 07:00:31 mx postfix/smtpd[5286]: disconnect from unknown[127.0.0.154] ehlo=1 mail=2 rcpt=2 data=1/2 commands=5/6',
  ];

  test('a connection whose DATA command was refused ends after DATA with no stall, also in a run cut between the two', async () => {
    const one = await run('data-refused', [[...dataRefused, ...dataRefusedEnd, ...nextTransaction]]);
    const two = await run('data-refused-cut', [dataRefused, [...dataRefusedEnd, ...nextTransaction]]);
    expect(scalar(one, "SELECT group_concat(peer_ip, ', ') FROM stalls")).toBe('127.0.0.154');
    expect(scalar(one, "SELECT end_reason || ' ' || end_stage || ' ' || stalled FROM sessions WHERE client_ip = '127.0.0.153'")).toBe('lost DATA 0');
    expect(dumpFacts(two)).toEqual(dumpFacts(one));
  });
});
