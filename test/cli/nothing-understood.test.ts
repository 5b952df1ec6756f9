import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runCli } from './memory-io.js';
import { fixture, tempDir } from '../helpers.js';

// An input none of whose lines mxlens understands is most likely not a mail log in a form it reads
// (journalctl -o cat, another daemon's file): analyse says so on stderr, even with --quiet, and
// still counts the lines as unparsed (exit 0).

const tmp = tempDir();
afterAll(() => tmp.cleanup());

// the lab's Postfix log as `journalctl -o cat` would print it: the message alone, no time, host or program
const messageOnly = readFileSync(fixture('lab2/lab2-postfix.log'), 'utf8')
  .split('\n')
  .filter((l) => l !== '')
  .map((l) => l.replace(/^\w{3} [ \d]\d [\d:]{8} \S+ [^:]+: /, ''))
  .join('\n');

describe('analyse warns about an input it understood nothing of', () => {
  test('message-only lines: one warning line naming the input, exit 0, counted as unparsed', async () => {
    const file = join(tmp.dir, 'cat.log');
    writeFileSync(file, `${messageOnly}\n`);
    const db = join(tmp.dir, 'cat.db');
    const r = await runCli(['analyse', file, '--db', db, '--quiet']);
    expect(r.code).toBe(0);
    const lines = r.err.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^mxlens: warning: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: none of the \\d+ lines read is a mail-server line mxlens understands; .*journalctl -o json`));
    const q = await runCli(['query', '--db', db, '--format', 'json', "SELECT sum(unparsed) AS u, sum(lines) AS n FROM line_stats"]);
    const [row] = JSON.parse(q.out) as Array<{ u: number; n: number }>;
    expect(row!.u).toBe(row!.n);
    // nothing new next time: no warning again
    expect((await runCli(['analyse', file, '--db', db, '--quiet'])).err).toBe('');
  });

  test('a real log, or a few odd lines, give no warning', async () => {
    const db = join(tmp.dir, 'lab.db');
    expect((await runCli(['analyse', fixture('lab2/lab2-postfix.log'), '--db', db, '--quiet'])).err).toBe('');
    const few = join(tmp.dir, 'few.log');
    writeFileSync(few, `${messageOnly.split('\n').slice(0, 5).join('\n')}\n`);
    expect((await runCli(['analyse', few, '--db', join(tmp.dir, 'few.db'), '--quiet'])).err).toBe('');
  });
});
