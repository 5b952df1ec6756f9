import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { analyse } from '../../src/app/analyse.js';
import { LineParser } from '../../src/parse/index.js';
import { built, dump, expectCutRunsSame, mxlens, tempDir } from './helpers.js';

// The lab's Exim scenarios run again with Exim logging to syslog (log_file_path = syslog) through a
// real rsyslogd (fixtures/exim-syslog/). Exim then writes every line that goes to both its main and
// its reject log twice (syslog_duplication), the second right after the first, and a reject log
// entry with header lines in parts ("[1\8] ... [8/8]"). Each refusal must count once, and the rows
// must be those of Exim's own files (fixtures/lab/) for the same scenarios.

const t = tempDir('exim-syslog');
afterAll(() => t.cleanup());
const now = () => Date.parse('2027-01-01T00:00:00Z');
const SYSLOG = 'fixtures/exim-syslog/exim-syslog.log';

/** the rows a report is made of, without ids, times and raw lines (the two runs differ in those) */
function facts(db: string): Record<string, unknown[]> {
  const d = new Database(db, { readonly: true });
  try {
    const all = (sql: string) => d.prepare(sql).raw().all().map((r) => JSON.stringify(r)).sort();
    return {
      messages: all('SELECT origin, sender, nrcpt, state, client_ip, message_id IS NOT NULL, session_id IS NOT NULL FROM messages'),
      sessions: all('SELECT client_ip, end_reason, end_stage, stalled, rejects, messages, helo FROM sessions'),
      replies: all(`SELECT kind, code, code_derived, enhanced, reason, stage, client_ip, sender, recipient, remedy_id, origin,
                     session_id IS NOT NULL, message_row IS NOT NULL FROM replies WHERE direction = 'inbound'`),
    };
  } finally {
    d.close();
  }
}

async function analysed(name: string, files: string[]): Promise<string> {
  const db = join(t.dir, `${name}.db`);
  await analyse({ db, inputs: files, now, year: 2026 });
  return db;
}

describe('Exim through syslog', () => {
  let own: string;
  beforeAll(async () => {
    own = await analysed('own-files', ['fixtures/lab/exim-mainlog.log', 'fixtures/lab/exim-rejectlog.log']);
  });

  test('each refusal once, with the connections, messages and refusals of Exim\'s own files', async () => {
    const want = facts(own);
    for (const f of [SYSLOG, 'fixtures/exim-syslog/exim-syslog-rfc3339.log']) {
      const db = await analysed(f.replace(/\W/g, '_'), [f]);
      expect(facts(db), f).toEqual(want);
      const d = new Database(db, { readonly: true });
      try {
        // every line read, and the 24 refusals of the lab counted once each (their copies are rejectlog rows)
        expect(d.prepare('SELECT sum(unparsed) FROM line_stats').pluck().get()).toBe(0);
        expect(d.prepare(`SELECT count(*) FROM replies WHERE kind = 'reject' AND origin = 'log'`).pluck().get()).toBe(24);
      } finally {
        d.close();
      }
    }
  });

  test('batches that end between the parts of an entry join them as one batch does', async () => {
    const whole = dump(await analysed('whole', [SYSLOG]));
    for (const batchLines of [3, 7]) {
      const db = join(t.dir, `batch${batchLines}.db`);
      await analyse({ db, inputs: [SYSLOG], now, year: 2026, batchLines });
      expect(dump(db), `batches of ${batchLines} lines`).toEqual(whole);
    }
  });

  test('the same lines as journald entries (journalctl -o json): the parts joined, each refusal once, however the runs are cut', async () => {
    // what journald keeps of each syslog(3) call of the run, in the file's order
    const entries = readFileSync(SYSLOG, 'utf8').trimEnd().split('\n').map((l, i) => {
      const m = /^(\w{3}) +(\d+) (\d\d:\d\d:\d\d) (\S+) (\w+)\[(\d+)\]: (.*)$/s.exec(l)!;
      const us = Date.parse(`${m[2]} ${m[1]} 2026 ${m[3]} UTC`) * 1000 + i;
      return JSON.stringify({ __CURSOR: `s=1;i=${i.toString(16)}`, __REALTIME_TIMESTAMP: String(us), _HOSTNAME: m[4], SYSLOG_IDENTIFIER: m[5], _PID: m[6], PRIORITY: '6', MESSAGE: m[7] });
    });
    const file = join(t.dir, 'journal.json');
    writeFileSync(file, entries.join('\n') + '\n');
    const one = await analysed('journal', [file]);
    expect(facts(one)).toEqual(facts(own));
    const want = dump(one);
    // runs that end after the first part of an entry, in its middle, and between a refusal and its copy
    for (const cut of [52, 55, 63]) {
      const db = join(t.dir, `journal-cut${cut}.db`);
      // a file still being written (its parts wait for the rest), then the whole of it
      writeFileSync(file, entries.slice(0, cut).join('\n') + '\n');
      await analyse({ db, inputs: [file], now: Date.now, year: 2026 });
      writeFileSync(file, entries.join('\n') + '\n');
      await analyse({ db, inputs: [file], now: Date.now, year: 2026 });
      expect(dump(db), `cut after entry ${cut}`).toEqual(want);
    }
  });

  test('a line the same process logs twice in a row is the reject log\'s copy; a third is a new one', () => {
    const p = new LineParser({ year: 2026 });
    const line = (pid: number, rcpt: string) => `Nov 29 21:36:24 vm exim[${pid}]: 2026-11-29 21:36:24 H=(mail.bad.example) [127.0.0.35] F=<spammer@bad.example> rejected RCPT <${rcpt}>: Sender blacklisted by lab policy`;
    const origin = (l: string) => {
      const out = p.parse(l);
      return out.type === 'event' ? out.event.extra?.origin ?? 'log' : out.type;
    };
    expect([line(1, 'a@x'), line(1, 'a@x'), line(1, 'a@x'), line(1, 'a@x')].map(origin)).toEqual(['log', 'rejectlog', 'log', 'rejectlog']);
    // another process, or another recipient, is another refusal
    expect([line(1, 'b@x'), line(2, 'b@x'), line(2, 'c@x')].map(origin)).toEqual(['log', 'log', 'log']);
    // a run that resumes between the two knows the line before its first (kept with the checkpoint)
    const q = new LineParser({ year: 2026, previousLine: line(3, 'd@x') });
    expect(q.parse(line(3, 'd@x'))).toMatchObject({ type: 'event', event: { extra: { origin: 'rejectlog' } } });
    // Postfix never logs a line twice on purpose: both count
    const pf = 'Nov 29 19:52:29 vm postfix/smtpd[7]: NOQUEUE: reject: RCPT from unknown[127.0.0.45]: 554 5.7.1 <v@remote.example>: Relay access denied; from=<s@outside.test> to=<v@remote.example> proto=ESMTP helo=<bot>';
    const r = new LineParser({ year: 2026 });
    expect([r.parse(pf), r.parse(pf)].map((o) => (o.type === 'event' ? o.event.extra?.origin ?? 'log' : o.type))).toEqual(['log', 'log']);
  });

  test.skipIf(!built)('runs cut at any line of the refusals, their copies and a reject log entry in parts store what one run stores', () => {
    const one = join(t.dir, 'one.db');
    expect(mxlens(['analyse', SYSLOG, '--db', one, '--year', '2026']).status).toBe(0);
    // line 51 a refusal at MAIL, 52-59 its copy as an entry in 8 parts, 63-64 a refusal at RCPT and its copy
    expectCutRunsSame(t.dir, SYSLOG, [50, 51, 52, 53, 55, 58, 59, 60, 63, 64], dump(one));
  });
});
