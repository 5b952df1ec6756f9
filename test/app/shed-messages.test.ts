import { afterAll, describe, expect, test } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { analyse } from '../../src/app/analyse.js';
import { fixture, tempDir } from '../helpers.js';
import { dump } from '../e2e/helpers.js';
import { ONCE_PER_RECIPIENT } from '../model/once-per-recipient.js';

// A run that holds more open messages than its cap hands the idle ones back to the store and reads
// them again when a line names them. It does so where reading can pause, between chunks of input:
// fed a few lines a chunk, with a cap of 2 and batches of 20 lines, that is all through these logs.
// What is stored must not change.

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const logs = ['lab/postfix-maillog_file.log', 'lab/exim-mainlog.log', 'lab2/lab2-exim-mainlog.log', 'lab2/lab2-postfix.log', 'lab3/lab3-postfix.log', 'lab3/lab3-exim-mainlog.log'];
let n = 0;
/** `lines` fed `per` lines a chunk; tight: batches of `batch` lines and at most `cap` open messages in memory */
const run = async (lines: string[], per: number, tight?: { batch: number; cap: number }): Promise<Record<string, string[]>> => {
  const db = join(tmp.dir, `db${n++}.sqlite`);
  const chunks: string[] = [];
  for (let i = 0; i < lines.length; i += per) chunks.push(lines.slice(i, i + per).map((l) => `${l}\n`).join(''));
  await analyse({
    db, inputs: ['-'], stdin: Readable.from(chunks), now: () => Date.now(), year: 2026,
    ...(tight ? { batchLines: tight.batch, openMessagesCap: tight.cap } : {}),
  });
  return dump(db);
};

describe('open messages handed back to the store in the middle of a run', () => {
  for (const log of logs) {
    test(log, async () => {
      const lines = readFileSync(fixture(log), 'utf8').split('\n').filter((l) => l !== '');
      expect(await run(lines, 3, { batch: 20, cap: 2 })).toEqual(await run(lines, 3));
    });
  }

  // handed back between two recipients' lines: the mark goes with it
  for (const [name, lines] of Object.entries(ONCE_PER_RECIPIENT)) {
    test(`one failure logged once per recipient: ${name}`, async () => {
      const want = await run(lines, 1);
      expect(want.tls_failures!.length + want.stalls!.length).toBe(1);
      expect(await run(lines, 1, { batch: 1, cap: 0 })).toEqual(want);
    });
  }

  // journald JSON pauses after each batch: the same there
  test('lab/postfix-maillog_file.log as journald JSON', async () => {
    const PREFIX = /^(\w{3}) +(\d+) (\d\d:\d\d:\d\d) (\S+) ([^\s[]+)\[(\d+)\]: (.*)$/;
    const entries = readFileSync(fixture('lab/postfix-maillog_file.log'), 'utf8').split('\n').filter((l) => l !== '').map((l, i) => {
      const [, mon, day, time, host, ident, pid, message] = PREFIX.exec(l)!;
      const us = Date.parse(`${mon} ${day} 2026 ${time} UTC`) * 1000 + i;
      return JSON.stringify({ __CURSOR: `s=lab;i=${i.toString(16)}`, __REALTIME_TIMESTAMP: String(us), _HOSTNAME: host, SYSLOG_IDENTIFIER: ident, _PID: pid, MESSAGE: message });
    });
    const file = join(tmp.dir, 'journal.json');
    writeFileSync(file, entries.join('\n') + '\n');
    const runJournal = async (tight: boolean): Promise<Record<string, string[]>> => {
      const db = join(tmp.dir, `db${n++}.sqlite`);
      await analyse({ db, inputs: [], journalFiles: [file], now: () => Date.now(), ...(tight ? { batchLines: 20, openMessagesCap: 2 } : {}) });
      return dump(db);
    };
    const want = await runJournal(false);
    expect(want.messages!.length).toBeGreaterThan(50);
    expect(await runJournal(true)).toEqual(want);
  });
});
