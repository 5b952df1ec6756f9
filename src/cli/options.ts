import type { Argv } from 'yargs';
import { parseWhen } from '../report/time-window.js';
import { CliError, EX } from './exit-codes.js';
import { STDIN_TOKEN } from './command.js';

/** --db, shared by every command that touches the store. */
export function withDb(y: Argv): Argv {
  return y.option('db', {
    type: 'string',
    describe: 'SQLite database file (default: $MXLENS_DB, else ./mxlens.db)',
  });
}

export function dbPath(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  // a database is a file: '-' (standard input) or an empty name is none
  if (flag === STDIN_TOKEN || flag === '-') throw new CliError('--db -: the database is a file, not standard input: give its path', EX.USAGE);
  if (flag === '') throw new CliError('--db: empty path', EX.USAGE);
  // MXLENS_DB= (set, but empty) is as if it were not set
  return flag ?? (env.MXLENS_DB || undefined) ?? 'mxlens.db';
}

/** --since / --until: an ISO time, a span back from now (24h, 7d), today or yesterday; null when not given. */
function timeFlag(flag: string, value: string | undefined, now: number): number | null {
  if (value === undefined) return null;
  const ms = parseWhen(value, now);
  if (ms === null) throw new CliError(`--${flag} '${value}' is not a time: use ISO (2026-11-28, 2026-11-28T10:00), a span like 24h, 7d, or today / yesterday`, EX.USAGE);
  return ms;
}

/** --since, --until and --host, for the commands that read a window of the database. */
export function withWindow(y: Argv): Argv {
  return y
    .option('since', { type: 'string', describe: 'from this time (ISO; relative: 24h, 7d; today, yesterday)' })
    .option('until', { type: 'string', describe: 'up to this time (ISO, relative, today, yesterday)' })
    .option('host', { type: 'string', array: true, nargs: 1, describe: 'only the lines of this host (the syslog host field); repeat for several' });
}

export interface WindowArgs {
  since?: string;
  until?: string;
  host?: string[];
}

/** The window the flags ask for; a usage error for a time that is none, an empty --host, or --since after --until. */
export function windowOf(args: WindowArgs, now: number): { from: number | null; to: number | null; hosts: string[] } {
  const from = timeFlag('since', args.since, now);
  const to = timeFlag('until', args.until, now);
  if (from !== null && to !== null && from >= to) {
    // a reversed or empty window matches nothing: an empty answer would look like a quiet day
    // (--until is the end, not included: --since 2026-11-28 --until 2026-11-28 is no time at all)
    const how = from === to ? 'is the same time as' : 'is after';
    throw new CliError(`--since ${args.since} (${new Date(from).toISOString()}) ${how} --until ${args.until} (${new Date(to).toISOString()}): the window is empty`, EX.USAGE);
  }
  const hosts = (args.host ?? []).flatMap((h) => h.split(',')).map((h) => h.trim()).filter((h) => h !== '');
  if (args.host !== undefined && hosts.length === 0) throw new CliError('--host needs a host name', EX.USAGE);
  return { from, to, hosts };
}

/** What a number flag was given, for its usage error (yargs turns text that is no number into NaN). */
export function given(n: number): string {
  return Number.isNaN(n) ? 'text that is not a number' : String(n);
}

/** A --top or --limit: a whole number of at least 1. */
export function countFlag(flag: string, n: number): number {
  if (!Number.isInteger(n) || n < 1) throw new CliError(`--${flag} must be a whole number of at least 1, got ${given(n)}`, EX.USAGE);
  // a larger one reached SQLite's LIMIT as a float: "datatype mismatch", exit 65
  if (!Number.isSafeInteger(n)) throw new CliError(`--${flag} must be at most ${Number.MAX_SAFE_INTEGER}, got ${given(n)}`, EX.USAGE);
  return n;
}

// People match times against log lines written in local time: text, md and html print them in
// the local offset of each moment (JSON and CSV keep ISO UTC).
export const utcOffset = (ms: number): number => -new Date(ms).getTimezoneOffset();
