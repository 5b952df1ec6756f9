import { describe, expect, test } from 'vitest';
import { analysed, linesOf } from './split-helpers.js';

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
