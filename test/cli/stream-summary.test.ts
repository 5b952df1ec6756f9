import { afterAll, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import type { CommandIO } from '../../src/cli/io.js';
import { run } from '../../src/cli/run.js';
import { fixture, tempDir } from '../helpers.js';

// On a terminal, analyse says per input what it read; a log piped in again says how much of it was read before.

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const lab = readFileSync(fixture('lab/postfix-maillog_file.log'));

async function pipeOnTerminal(db: string, data: Buffer): Promise<{ code: number; out: string; err: string }> {
  const stdout = Object.assign(new PassThrough(), { isTTY: true, columns: 100 });
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
  stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
  const io: CommandIO = { stdout, stderr, stdin: Readable.from([data]), env: {}, now: () => Date.UTC(2026, 10, 29) };
  const code = await run(['analyse', '-', '--db', db, '--year', '2026'], io);
  return { code, out, err };
}

test('a log piped in again: the new lines, and the lines passed over as read before', async () => {
  const db = join(tmp.dir, 'summary.db');
  const head = lab.subarray(0, lab.indexOf('\n', 40_000) + 1);
  const first = await pipeOnTerminal(db, head);
  expect(first.code).toBe(0);
  const headLines = head.toString('utf8').split('\n').length - 1;
  expect(first.out).toMatch(new RegExp(`^-: ${headLines} lines \\(\\d+ parsed, 0 unparsed, 0 other programs\\)\\n$`));
  const again = await pipeOnTerminal(db, lab);
  expect(again.code).toBe(0);
  expect(again.out).toMatch(new RegExp(`^-: ${724 - headLines} lines \\(.*\\), ${headLines} lines passed over as read before\\n$`));
  const third = await pipeOnTerminal(db, lab);
  expect(third.out).toBe('-: up to date, 724 lines passed over as read before\n');
  expect(third.err).toBe('');
});
