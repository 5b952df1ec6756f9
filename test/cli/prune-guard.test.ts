import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { openForWrite } from '../../src/store/db.js';
import { PassThrough } from 'node:stream';
import { run } from '../../src/cli/run.js';
import { runCli } from './memory-io.js';

// prune refuses what is almost surely a slip: a database that is not there, a cut-off that keeps nothing.

const dir = mkdtempSync(join(tmpdir(), 'mxlens-pruneguard-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('prune guards', () => {
  test('a database that does not exist: exit 66, one line, nothing created', async () => {
    for (const db of [join(dir, 'mxlnes.db'), join(dir, 'typo', 'mxlens.db')]) {
      const r = await runCli(['prune', '--older-than', '90d', '--db', db]);
      expect([r.code, r.out]).toEqual([66, '']);
      expect(r.err).toMatch(/^mxlens: .*no such database \(run mxlens analyse first\)\n$/);
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  test('a cut-off less than an hour back (0d, 1s, a date to come) is a usage error and touches nothing', async () => {
    const db = join(dir, 'keep.db');
    openForWrite(db).close();
    const bytes = readFileSync(db);
    for (const span of ['0d', '1s', '59m', '2999-01-01']) {
      const r = await runCli(['prune', '--older-than', span, '--db', db]);
      expect([span, r.code]).toEqual([span, 64]);
      expect(r.err).toMatch(/^mxlens: .*would delete \(nearly\) every row.*\n$/);
    }
    expect(readFileSync(db).equals(bytes)).toBe(true);
    expect(existsSync(`${db}.lock`)).toBe(false);
    const ok = await runCli(['prune', '--older-than', '1h', '--db', db]);
    expect(ok.code).toBe(0);
  });

  test('on a terminal it says in one line what it deleted; --quiet and cron (no terminal) get nothing', async () => {
    const db = join(dir, 'said.db');
    openForWrite(db).close();
    const said = async (tty: boolean, ...extra: string[]) => {
      const stdout = Object.assign(new PassThrough(), { isTTY: tty });
      let out = '';
      stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
      const code = await run(['prune', '--older-than', '90d', '--db', db, ...extra], { stdout, stderr: new PassThrough(), stdin: new PassThrough(), env: {}, now: () => Date.UTC(2026, 10, 28) });
      return [code, out];
    };
    const [code, line] = await said(true);
    expect(code).toBe(0);
    expect(line).toMatch(/^deleted before 2026-08-30T00:00:00.000Z: nothing; file \d+ -> \d+ bytes.*\n$/);
    expect(await said(true, '--quiet')).toEqual([0, '']);
    expect(await said(false)).toEqual([0, '']);
  });
});
