import { describe, expect, test } from 'vitest';
import { analysed, analysedKilled, linesOf } from './split-helpers.js';
import { ONCE_PER_RECIPIENT } from './once-per-recipient.js';

// A log split between two runs at any line must leave exactly the rows of one run over the
// whole log. The CLI tests cut at a few offsets; this one cuts at every line of the stretch
// where messages end (expiry, removal), in process, so that it stays fast.

const cases = [
  // 2A3451602C2 and others: status=expired, then removed a few lines later
  { log: 'fixtures/lab/postfix-maillog_file.log', from: 608, to: 690 },
  // 1xXMvY-0004Eh-0q: removed by root, then Completed
  { log: 'fixtures/lab/exim-mainlog.log', from: 470, to: 508 },
  // 1xXYjO-0003vT-1a: deferred (mailbox full) over and over, then retry timeout exceeded: the bounce
  // names the last deferral's cause, which an open message carries from one run to the next
  { log: 'fixtures/lab2/lab2-exim-mainlog.log', from: 155, to: 200 },
  // 1xXYjI-0003mj-2n: a bounce frozen, skipped by queue run after queue run ("Message is frozen"), then
  // thawed by its timer: the freeze is one note whichever run reads the skips
  { log: 'fixtures/lab2/lab2-exim-mainlog.log', from: 118, to: 205 },
  // postscreen: PREGREET + reject + DISCONNECT, DENYLISTED, HANGUP + DISCONNECT, ALLOWLISTED
  { log: 'fixtures/lab/postfix-syslog.log', from: 236, to: 250 },
];

describe('a log split between two runs at every line', () => {
  for (const c of cases) {
    test(`${c.log} lines ${c.from}..${c.to}`, () => {
      const lines = linesOf(c.log);
      const want = analysed(lines);
      const ids = new Set(want.messages.map((m) => { const r = JSON.parse(m) as { host: string; queue_id: string }; return `${r.host} ${r.queue_id}`; }));
      // one row per real id, also in one run
      expect(want.messages.length).toBe(ids.size);
      const bad: number[] = [];
      for (let at = c.from; at <= Math.min(c.to, lines.length); at++) {
        const got = analysed(lines.slice(0, at), lines.slice(at));
        if (JSON.stringify(got) !== JSON.stringify(want)) bad.push(at);
      }
      expect(bad).toEqual([]);
    });
  }
});

describe('one failure logged once per recipient is one row, however the runs are cut', () => {
  // Exim logs a deferral per recipient and Postfix a status per recipient: one broken TLS
  // session, or one stalled transfer, is one row. The mark that says "already counted" is kept
  // on the open message; a run that ends between two recipients' lines must leave it for the next.
  const logs = ONCE_PER_RECIPIENT;
  for (const [name, lines] of Object.entries(logs)) {
    test(name, () => {
      const want = analysed(lines);
      expect(want.tls_failures.length + want.stalls.length).toBe(1);
      for (let at = 1; at < lines.length; at++) {
        expect({ at, got: analysed(lines.slice(0, at), lines.slice(at)) }).toEqual({ at, got: want });
      }
    });
  }
});

describe('the next attempt of a message that stalled', () => {
  // Postfix retries a deferred message after minutes (minimal_backoff_time), the lab after 30 s:
  // the same failure then is a second stalled transfer, not a further recipient of the first
  test('is a stall of its own', () => {
    const [qmgr, x, y] = ONCE_PER_RECIPIENT['Postfix stalled delivery, RFC 3339 stamps milliseconds apart']!;
    const retry = (line: string) => line!.replace('T17:57:1', 'T17:57:4');
    const rows = analysed([qmgr!, x!, y!, retry(qmgr!), retry(x!), retry(y!)]);
    expect(rows.stalls.length).toBe(2);
  });
});

describe('a run killed after committing its lines, then run again', () => {
  // Two hosts in one syslog file. Host vm leaves a connection without its disconnect line, logs on
  // for another 90 minutes and falls silent; host mx2 goes on. At the end of its input a run ends
  // the connection by vm's own clock (silent for longer than a session lasts). A killed run never
  // gets there; the run after it must still know vm's clock, though it reads no line of vm's.
  // Lines from fixtures/lab/postfix-syslog.log (times, and the second host's name, changed).
  const vm = [
    'Nov 28 17:59:36 vm postfix/smtpd[7163]: connect from unknown[127.0.0.41]',
    'Nov 28 19:29:33 vm postfix/qmgr[7121]: DB9C81602A8: from=<billing@vendor.test>, size=472, nrcpt=1 (queue active)',
    'Nov 28 19:29:34 vm postfix/qmgr[7121]: DB9C81602A8: removed',
  ];
  const mx2 = [
    'Nov 28 19:30:33 mx2 postfix/smtpd[7163]: connect from localhost[127.0.0.1]',
    'Nov 28 19:30:33 mx2 postfix/smtpd[7163]: disconnect from localhost[127.0.0.1] ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5',
    'Nov 28 19:31:36 mx2 postfix/smtpd[7164]: connect from unknown[127.0.0.41]',
  ];
  const lines = [...vm, ...mx2];
  test('stores what one uninterrupted run stores, wherever it was killed', () => {
    const want = analysed(lines);
    expect(want.sessions.filter((s) => s.includes('"end_reason":"unterminated"'))).toHaveLength(1);
    for (let at = 1; at < lines.length; at++) {
      expect({ at, got: analysedKilled(1, lines.slice(0, at), lines.slice(at)) }).toEqual({ at, got: want });
    }
  });
});

describe('a message the queue manager never named, abandoned after a day of silence', () => {
  // kdent's log starts after 3AC2124090 was queued: it defers (452), is sent, and no qmgr line ever
  // names it. Abandoned in memory or in the store by a later run, it keeps no cause: its row holds
  // causes only while it is open (a run cut after the "sent" line left the 452 in the row).
  const log = linesOf('fixtures/corpus/postfix/kdent-postfix-log-analysis.log');
  const lines = [9016, 9017, 9033, log.length].map((n) => log[n - 1]!);

  test('one run and every split: the same rows, no cause kept', () => {
    const want = analysed(lines);
    const m = want.messages.map((x) => JSON.parse(x) as { queue_id: string; state: string; causes: string | null });
    expect(m).toEqual([expect.objectContaining({ queue_id: '3AC2124090', state: 'abandoned', causes: null })]);
    for (let at = 1; at < lines.length; at++) {
      expect({ at, got: analysed(lines.slice(0, at), lines.slice(at)) }).toEqual({ at, got: want });
    }
  });
});
