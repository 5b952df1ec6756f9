import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { built, mxlens, tempDir } from './helpers.js';

// `mxlens query … | head`: the reader closes the pipe early. The command stops quietly, as other
// Unix filters do, with no EPIPE stack trace on the terminal.

const t = tempDir('pipe');
afterAll(() => t.cleanup());
const CLI = resolve('dist/src/cli/main.js');

describe.skipIf(!built)('output into a pipe closed early', () => {
  const db = join(t.dir, 'p.db');
  test('query and report stop quietly, exit 0', () => {
    expect(mxlens(['analyse', 'fixtures/lab/postfix-syslog.log', '--db', db]).status).toBe(0);
    // far more than a pipe buffer holds, so the write meets the closed pipe whatever the timing
    const big = 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 300000) SELECT x, printf(\'%050d\', x) AS pad FROM c';
    for (const args of [['query', big, '--db', db], ['query', big, '--db', db, '--format', 'json'], ['report', '--db', db, '--top', '100']]) {
      const quoted = args.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
      const r = spawnSync('bash', ['-c', `"${process.execPath}" "${CLI}" ${quoted} | head -c 1 >/dev/null; echo "\${PIPESTATUS[0]}"`], { encoding: 'utf8' });
      expect({ args: args[0], status: r.stdout.trim(), stderr: r.stderr }).toEqual({ args: args[0], status: '0', stderr: '' });
    }
  });
});

// `mxlens report > file` on a full disk: /dev/full refuses every write with ENOSPC.
describe.skipIf(!built || !existsSync('/dev/full'))('output into a full disk', () => {
  const db = join(t.dir, 'f.db');
  test('query and report say so in one line and exit 74', () => {
    expect(mxlens(['analyse', 'fixtures/lab/postfix-syslog.log', '--db', db]).status).toBe(0);
    for (const args of [['query', 'SELECT * FROM replies', '--db', db], ['report', '--db', db]]) {
      const full = openSync('/dev/full', 'w');
      try {
        const r = spawnSync(process.execPath, [CLI, ...args], { stdio: ['ignore', full, 'pipe'], encoding: 'utf8' });
        expect({ args: args[0], status: r.status, stderr: r.stderr }).toEqual({ args: args[0], status: 74, stderr: 'mxlens: cannot write the output (the disk is full)\n' });
      } finally {
        closeSync(full);
      }
    }
  });
});
