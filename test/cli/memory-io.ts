import { PassThrough } from 'node:stream';
import type { CommandIO } from '../../src/cli/io.js';
import { run } from '../../src/cli/run.js';

/** Runs the CLI in-process with captured stdout/stderr and a fixed environment. */
export async function runCli(argv: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
  stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
  const io: CommandIO = { stdout, stderr, stdin: new PassThrough(), env, now: () => Date.UTC(2026, 10, 28) };
  const code = await run(argv, io);
  return { code, out, err };
}
