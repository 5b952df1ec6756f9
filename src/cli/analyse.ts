import { STDIN_TOKEN, type Command } from './command.js';
import { analyse, InputFailures, type SourceResult } from '../app/analyse.js';
import { CliError, EX } from './exit-codes.js';
import { toCliError } from './errors-map.js';
import { dbPath, given, withDb } from './options.js';
import type { MtaChoice } from '../parse/index.js';
import type { EximLogKind } from '../parse/assemble.js';
import { createProgress } from './progress.js';
import { termSafe } from '../report/render/escape.js';

interface Args {
  files?: string[];
  'journal-file'?: string[];
  wait: number;
  'batch-lines'?: number;
  progress: boolean;
  db?: string;
  mta: MtaChoice;
  year?: number;
  quiet: boolean;
  resume: boolean;
  'exim-log'?: EximLogKind;
}

/** Lines an input must have had, none of them understood, for analyse to warn about it. */
const NOTHING_UNDERSTOOD_LINES = 20;

export function nothingUnderstood(path: string, lines: number): string {
  return `${path}: none of the ${lines} lines read is a mail-server line mxlens understands; it reads syslog files (a time and host before the program), RFC 3339 stamps, Exim's own logs and journald JSON (journalctl -o json), not message-only output such as journalctl -o cat (the lines are counted as unparsed: see the report's UNPARSED section)`;
}

export const analyseCommand: Command<Args> = {
  command: ['analyse [files..]', 'analyze'],
  describe: 'read Postfix/Exim logs (plain, gzip, journald or Docker JSON, or - for stdin) into the database',
  builder: (y) =>
    withDb(y)
      .positional('files', { type: 'string', array: true, describe: "log files, directories or globs (mail.log*), or '-' for standard input" })
      .option('journal-file', { type: 'string', array: true, nargs: 1, describe: 'a journald export (journalctl -o json), JSON Lines or one array' })
      .option('wait', { type: 'number', default: 0, describe: 'seconds to wait for another run on the same database before giving up (exit 75)' })
      .option('batch-lines', { type: 'number', hidden: true, describe: 'lines per transaction (default 5000)' })
      .option('progress', { type: 'boolean', default: true, describe: 'progress bar on stderr when it is a terminal (--no-progress: never)' })
      .option('mta', { choices: ['auto', 'postfix', 'exim'] as const, default: 'auto' as const, describe: 'which MTA wrote the log' })
      .option('year', { type: 'number', describe: 'year of the first line when timestamps carry none (default: from the file time)' })
      .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'print nothing on success' })
      .option('resume', { type: 'boolean', default: true, describe: 'a text stream on standard input or a pipe that begins like one read before goes on where it stopped (--no-resume: read it whole)' })
      .option('exim-log', { choices: ['main', 'reject', 'panic'] as const, describe: "which Exim log standard input or a pipe carries (a file's name says it: rejectlog, paniclog); a reject log's refusals are also in the main log and count once" })
      .example('$0 analyse /var/log/mail.log', 'analyse a log into ./mxlens.db')
      .example('$0 analyse /var/log/mail.log.2.gz /var/log/mail.log.1 /var/log/mail.log', 'a log and its rotated files, read oldest first whatever their order')
      .example('$0 analyse /var/log/mail.log --quiet', 'from cron: new lines only, rotation handled, silent on success')
      .example("ssh mx2 cat /var/log/mail.log | $0 analyse -", 'a log on standard input: run again, only its new lines are read')
      .example('journalctl -u postfix -o json | $0 analyse -', 'journald JSON on standard input, resumed by cursor')
      .example('ssh mx2 cat /var/log/exim4/rejectlog | $0 analyse --exim-log reject -', "an Exim reject log piped in: its refusals count once with the main log's")
      .example('$0 analyse --journal-file export.json', 'a saved journald export'),
  handler: async (args, io) => {
    if (args.year !== undefined && (!Number.isInteger(args.year) || args.year < 1970 || args.year > 9999)) {
      throw new CliError(`--year must be a four-digit year, got ${given(args.year)}`, EX.USAGE);
    }
    const batch = args['batch-lines'];
    if (batch !== undefined && (!Number.isInteger(batch) || batch < 1)) throw new CliError(`--batch-lines must be a whole number of at least 1, got ${given(batch)}`, EX.USAGE);
    if (!Number.isFinite(args.wait) || args.wait < 0) throw new CliError(`--wait must be a number of seconds, got ${given(args.wait)}`, EX.USAGE);
    const files = (args.files ?? []).map((f) => (f === STDIN_TOKEN ? '-' : f));
    const journals = args['journal-file'] ?? [];
    // '-' reached the file reader as the stdin token and failed as a path with a NUL byte in it
    if (journals.includes(STDIN_TOKEN)) throw new CliError("--journal-file - is not read: give standard input as 'mxlens analyse -' (a journald export on it is recognised by itself)", EX.USAGE);
    if (files.length === 0 && journals.length === 0) throw new CliError('name at least one log file, directory, glob, --journal-file, or - for standard input', EX.USAGE);
    const stdinUses = files.filter((f) => f === '-').length;
    if (stdinUses > 1) throw new CliError("'-' (standard input) can be given only once", EX.USAGE);
    const progress = createProgress({ stream: io.stderr, env: io.env, now: io.now, quiet: args.quiet, progress: args.progress });
    let results: SourceResult[];
    let failed: InputFailures | null = null;
    const warnings: string[] = [];
    try {
      results = await analyse({
        db: dbPath(args.db, io.env), inputs: files, journalFiles: journals, mta: args.mta, year: args.year,
        stdin: io.stdin as never, resumeStreams: args.resume, streamEximLog: args['exim-log'], now: io.now, waitSeconds: args.wait, batchLines: args['batch-lines'],
        onProgress: (bytes, lines) => progress.update(bytes, lines),
        onExpect: (bytes) => progress.expect(bytes),
        onWarning: (message) => warnings.push(message),
      });
    } catch (err) {
      if (!(err instanceof InputFailures)) throw toCliError(err);
      failed = err;
      results = err.results;
    } finally {
      progress.done();
      // after the progress bar is gone; even with --quiet (like errors), and without changing the exit code
      for (const w of warnings) io.stderr.write(`mxlens: warning: ${termSafe(w)}\n`);
    }
    // a whole input that was not understood is most likely not a mail log as mxlens reads it (a
    // message-only journalctl view, another daemon's file): say so, even from cron, not only in the report
    for (const r of results) {
      if (!r.upToDate && r.lines >= NOTHING_UNDERSTOOD_LINES && r.parsed === 0 && r.foreign === 0) io.stderr.write(`mxlens: warning: ${termSafe(nothingUnderstood(r.path, r.lines))}\n`);
    }
    if (!args.quiet && io.stdout.isTTY) {
      for (const r of results) {
        const state = r.upToDate ? 'up to date' : `${r.lines} lines (${r.parsed} parsed, ${r.unparsed} unparsed, ${r.foreign} other programs)`;
        const skipped = r.skipped ? `, ${r.skipped} entries skipped as read before` : r.passedOver ? `, ${r.passedOver} lines passed over as read before` : '';
        io.stdout.write(`${termSafe(r.path)}: ${state}${skipped}${r.heldBack ? ', unfinished last line left for the next run' : ''}\n`);
      }
    }
    if (failed === null) return EX.OK;
    // every input that could be read was; one line per one that could not, and the first one's code
    const codes = failed.failures.map((f) => toCliError(f) as CliError);
    // file names are the user's or a directory's: no control character reaches the terminal
    for (const c of codes) io.stderr.write(`mxlens: ${termSafe(c.message)}\n`);
    return codes[0]!.exitCode;
  },
};
