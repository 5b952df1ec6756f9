import type { Argv } from 'yargs';
import { parseWhen } from '../report/time-window.js';
import { CliError, EX } from './exit-codes.js';

/** --db, shared by every command that touches the store. */
export function withDb(y: Argv): Argv {
  return y.option('db', {
    type: 'string',
    describe: 'SQLite database file (default: $MXLENS_DB, else ./mxlens.db)',
  });
}

export function dbPath(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  return flag ?? env.MXLENS_DB ?? 'mxlens.db';
}

/** --since / --until: an ISO time, a span back from now (24h, 7d), today or yesterday; null when not given. */
export function timeFlag(flag: string, value: string | undefined, now: number): number | null {
  if (value === undefined) return null;
  const ms = parseWhen(value, now);
  if (ms === null) throw new CliError(`--${flag} '${value}' is not a time: use ISO (2026-11-28, 2026-11-28T10:00), a span like 24h, 7d, or today / yesterday`, EX.USAGE);
  return ms;
}

/** --host, repeated or comma-separated; a usage error when given with no name. */
export function hostsFlag(values: string[] | undefined): string[] {
  const hosts = (values ?? []).flatMap((h) => h.split(',')).map((h) => h.trim()).filter((h) => h !== '');
  if (values !== undefined && hosts.length === 0) throw new CliError('--host needs a host name', EX.USAGE);
  return hosts;
}

// People match times against log lines written in local time: text, md and html print them in
// the local offset of each moment (JSON and CSV keep ISO UTC).
export const utcOffset = (ms: number): number => -new Date(ms).getTimezoneOffset();
