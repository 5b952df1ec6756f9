import Database from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import { readCauses } from '../../src/model/last-error.js';
import { migrate } from '../../src/store/migrate.js';
import { linesOf, run, type Db } from './split-helpers.js';

// A bounce that says only that retrying ran out (Exim "** x: retry timeout exceeded", "all hosts
// ... failing for a long time") and a message's expiry (Postfix "status=expired") name the cause
// the message's last deferral gave, and are grouped and remedied by it. On the lab's real lines,
// read in one run and in two.

interface Final {
  queue_id: string;
  recipient: string | null;
  status: string;
  last_error: string | null;
  reason: string | null;
  remedy_id: string;
  local_agent: number;
}

/** The rows of the lines given (one run per part), with what decides how the report shows them. */
function finals(parts: string[][], where: string): Final[] {
  const db: Db = new Database(':memory:');
  try {
    migrate(db);
    for (const p of parts) run(db, p);
    return db.prepare(`SELECT queue_id, recipient, status, last_error, reason, remedy_id, local_agent FROM deliveries WHERE ${where} ORDER BY id`).all() as Final[];
  } finally {
    db.close();
  }
}

const EXIM = linesOf('fixtures/lab/exim-mainlog.log');
const EXIM2 = linesOf('fixtures/lab2/lab2-exim-mainlog.log');
const POSTFIX = linesOf('fixtures/lab/postfix-maillog_file.log');
const GAVE_UP = `status = 'bounced' AND detail LIKE '%retry time%'`;
const at = (lines: string[], needle: string) => lines.findIndex((l) => l.includes(needle));

describe('Exim: the bounce that ran out of retries names its recipient\'s last deferral', () => {
  test('lab2 X11: the local mailbox stayed full until the retry timeout, and the bounce gets the mailbox-full fix', () => {
    const [erin] = finals([EXIM2], `queue_id = '1xXYjO-0003vT-1a' AND status = 'bounced'`);
    expect(erin).toEqual({
      queue_id: '1xXYjO-0003vT-1a', recipient: 'erin@lab.example', status: 'bounced',
      // the last attempt's text, not the "Retry time not yet reached" lines between attempts
      last_error: 'mailbox is full (MTA-imposed quota exceeded while writing to /var/mail/erin)',
      reason: 'retry timeout exceeded; last error: mailbox is full (MTA-imposed quota exceeded while writing to /var/mail/erin)',
      remedy_id: 'text.mailbox-full',
      // our own transport deferred it: the bounce is ours too
      local_agent: 1,
    });
  });

  test('two recipients of one message keep their own causes, with the remote\'s codes', () => {
    const rows = finals([EXIM], `queue_id = '1xXMvV-0004DM-12' AND ${GAVE_UP}`);
    expect(rows.map((r) => [r.recipient, r.last_error, r.remedy_id])).toEqual([
      ['r452-quota@bounce.test', '452 4.2.2 <r452-quota@bounce.test>: Mailbox full, try again later', 'text.mailbox-full'],
      ['r450-busy@bounce.test', '450 4.2.1 <r450-busy@bounce.test>: Mailbox temporarily unavailable', 'enh.4.2.1'],
    ]);
    expect(rows.map((r) => r.reason)).toEqual([
      'retry timeout exceeded; last error: 452 4.2.2 <ADDR>: Mailbox full, try again later',
      'retry timeout exceeded; last error: 450 4.2.1 <ADDR>: Mailbox temporarily unavailable',
    ]);
  });

  test('a refused connection on every attempt; "all hosts failing" names its cause too', () => {
    const rows = finals([EXIM], `recipient IN ('dave@refuse.test', 'heidi@refuse.test') AND ${GAVE_UP}`);
    expect(rows.map((r) => [r.recipient, r.last_error, r.remedy_id, r.local_agent])).toEqual([
      ['dave@refuse.test', 'Connection refused', 'text.net.connection-refused', 0],
      ['heidi@refuse.test', 'Connection refused', 'text.net.connection-refused', 0],
    ]);
    expect(rows[1]!.reason).toBe("all hosts for 'DOMAIN' have been failing for a long time (and retry time not reached); last error: Connection refused");
  });

  test('a recipient never tried (only "retry time not reached" before it bounced) is shown as before', () => {
    const [row] = finals([EXIM], `recipient = 'dropend-w@slow.test' AND status = 'bounced'`);
    expect(row).toMatchObject({
      last_error: null, reason: "all hosts for 'DOMAIN' have been failing for a long time (and retry time not reached)", remedy_id: 'text.exim.retry-time',
    });
  });

  test('a bounce whose deferrals were in a log not read is shown as before', () => {
    const bounce = EXIM2.slice(at(EXIM2, '** erin@lab.example'));
    const [row] = finals([bounce], `queue_id = '1xXYjO-0003vT-1a' AND status = 'bounced'`);
    expect(row).toMatchObject({ last_error: null, reason: 'retry timeout exceeded', remedy_id: 'text.exim.retry-time', local_agent: 0 });
  });
});

describe('Postfix: an expired message names its last deferral', () => {
  test('a refused connection, and a remote that refused to talk (its code kept)', () => {
    const rows = finals([POSTFIX], `status = 'expired' AND queue_id IN ('DEFD71602BF', '2A3451602C2')`);
    expect(rows.map((r) => [r.queue_id, r.last_error, r.reason, r.remedy_id])).toEqual([
      ['DEFD71602BF', 'connect to 127.0.0.1[127.0.0.1]:2599: Connection refused', 'expired; last error: connect to PEER: Connection refused', 'text.net.local-service'],
      ['2A3451602C2', '554 5.7.1 rude.lab.test No SMTP service here', 'expired; last error: 554 5.7.1 HOST No SMTP service here', 'text.net.no-smtp-service'],
    ]);
  });

  test('every expiry in the lab log had deferrals, and names one', () => {
    const rows = finals([POSTFIX], `status = 'expired'`);
    expect(rows.length).toBe(13);
    expect(rows.filter((r) => r.last_error === null)).toEqual([]);
  });

  test('an expiry with no deferral seen is an expiry (X.4.7), not a refusal', () => {
    const [row] = finals([[POSTFIX[at(POSTFIX, 'DEFD71602BF: from=<erin@lab.example>, status=expired')]!]], `status = 'expired'`);
    expect(row).toMatchObject({ last_error: null, reason: null, remedy_id: 'enh.X.4.7' });
  });
});

describe('deferrals read in one run, the bounce or expiry in the next', () => {
  const cases = [
    { name: 'lab2 Exim quota', lines: EXIM2, cut: at(EXIM2, '** erin@lab.example'), where: `queue_id = '1xXYjO-0003vT-1a' AND status = 'bounced'` },
    { name: 'lab Exim, two recipients of one message', lines: EXIM, cut: at(EXIM, '** r452-quota@bounce.test'), where: `queue_id = '1xXMvV-0004DM-12' AND ${GAVE_UP}` },
    { name: 'lab Postfix expiry', lines: POSTFIX, cut: at(POSTFIX, 'DEFD71602BF: from=<erin@lab.example>, status=expired'), where: `status = 'expired'` },
  ];
  for (const c of cases) {
    test(`${c.name}: the same cause as one run`, () => {
      const one = finals([c.lines], c.where);
      expect(one.length).toBeGreaterThan(0);
      expect(one.every((r) => r.last_error !== null)).toBe(true);
      expect(finals([c.lines.slice(0, c.cut), c.lines.slice(c.cut)], c.where)).toEqual(one);
    });
  }
});

describe('the causes an open message keeps between runs, read back', () => {
  test('a damaged value gives none: the bounce then names no cause, as before', () => {
    for (const bad of ['{', '[]', '{"last":[1,0]}', 'null', '"x"']) expect(readCauses(bad)).toEqual({});
    expect(readCauses('{"last":["Connection refused",0],"rcpt":[["a@b","Connection refused",0],[3,"x",1]]}')).toEqual({
      lastError: { text: 'Connection refused', local: false },
      lastErrors: new Map([['a@b', { text: 'Connection refused', local: false }]]),
    });
  });

  test('an Exim cause keeps its host, and the H= lines of the latest attempt are kept with it', () => {
    const json = '{"last":["Connection refused",0,"mx1.example.net","192.0.2.7"],"rcpt":[["a@b","Connection refused",0,"mx1.example.net","192.0.2.7"]],'
      + '"hosts":[[1764353614000,"mx1.example.net","192.0.2.7","Connection refused"],[1,2,3,4],[null,null,"192.0.2.8","Network is unreachable"]]}';
    const cause = { text: 'Connection refused', local: false, relayHost: 'mx1.example.net', relayIp: '192.0.2.7' };
    expect(readCauses(json)).toEqual({
      lastError: cause,
      lastErrors: new Map([['a@b', cause]]),
      // a damaged entry is left out, the others stay
      hostsTried: [
        { ts: 1764353614000, host: 'mx1.example.net', ip: '192.0.2.7', text: 'Connection refused' },
        { ts: null, host: null, ip: '192.0.2.8', text: 'Network is unreachable' },
      ],
    });
    // an H= line read, its deferral not yet: no cause, the host alone
    expect(readCauses('{"hosts":[[5,"mx1.example.net","192.0.2.7","Connection timed out"]]}')).toEqual({
      hostsTried: [{ ts: 5, host: 'mx1.example.net', ip: '192.0.2.7', text: 'Connection timed out' }],
    });
  });
});
