import { STDIN_TOKEN, type Command } from './command.js';
import { analyse } from '../app/analyse.js';
import { CliError, EX } from './exit-codes.js';
import { toCliError } from './errors-map.js';
import { dbPath, withDb } from './options.js';
import type { MtaChoice } from '../parse/index.js';

interface Args {
  files: string[];
  db?: string;
  mta: MtaChoice;
  year?: number;
  quiet: boolean;
}

export const analyseCommand: Command<Args> = {
  command: ['analyse <files..>', 'analyze'],
  describe: 'read Postfix/Exim logs (plain, gzip, or - for stdin) into the database',
  builder: (y) =>
    withDb(y)
      .positional('files', { type: 'string', array: true, describe: "log files, or '-' for standard input" })
      .option('mta', { choices: ['auto', 'postfix', 'exim'] as const, default: 'auto' as const, describe: 'which MTA wrote the log' })
      .option('year', { type: 'number', describe: 'year of the first line when timestamps carry none (default: from the file time)' })
      .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'print nothing on success' })
      .example('$0 analyse /var/log/mail.log', 'analyse a log into ./mxlens.db')
      .example('$0 analyse /var/log/mail.log.2.gz /var/log/mail.log.1 /var/log/mail.log', 'rotated files, oldest first')
      .example('journalctl -u postfix -o short-iso | $0 analyse -', 'read standard input'),
  handler: async (args, io) => {
    if (args.year !== undefined && (!Number.isInteger(args.year) || args.year < 1970 || args.year > 9999)) {
      throw new CliError(`--year must be a four-digit year, got ${args.year}`, EX.USAGE);
    }
    const files = args.files.map((f) => (f === STDIN_TOKEN ? '-' : f));
    const stdinUses = files.filter((f) => f === '-').length;
    if (stdinUses > 1) throw new CliError("'-' (standard input) can be given only once", EX.USAGE);
    let results;
    try {
      results = await analyse({
        db: dbPath(args.db, io.env), inputs: files, mta: args.mta, year: args.year,
        stdin: io.stdin as never, now: io.now,
      });
    } catch (err) {
      throw toCliError(err);
    }
    if (!args.quiet && io.stdout.isTTY) {
      for (const r of results) {
        const state = r.upToDate ? 'up to date' : `${r.lines} lines (${r.parsed} parsed, ${r.unparsed} unparsed, ${r.foreign} other programs)`;
        io.stdout.write(`${r.path}: ${state}${r.heldBack ? ', unfinished last line left for the next run' : ''}\n`);
      }
    }
    return EX.OK;
  },
};
