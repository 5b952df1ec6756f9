import type { Command } from './command.js';
import { pruneDb } from '../app/prune.js';
import { parseWhen } from '../report/time-window.js';
import { CliError, EX } from './exit-codes.js';
import { toCliError } from './errors-map.js';
import { dbPath, given, withDb } from './options.js';

// the finest unit the database keeps line counts in
const MIN_AGE_MS = 3_600_000;

interface Args {
  db?: string;
  'older-than': string;
  vacuum: boolean;
  wait: number;
  quiet: boolean;
}

export const pruneCommand: Command<Args> = {
  command: 'prune',
  describe: 'delete rows older than a span, in batches, and optionally reclaim the space',
  builder: (y) =>
    withDb(y)
      .option('older-than', { type: 'string', demandOption: true, describe: 'a span back from now (90d, 12w) or an ISO date' })
      .option('vacuum', { type: 'boolean', default: false, describe: 'rewrite the file to give the space back (VACUUM; slow on big databases)' })
      .option('wait', { type: 'number', default: 0, describe: 'seconds to wait for a running analyse before giving up (exit 75)' })
      .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'print nothing on success' })
      .example('$0 prune --older-than 90d', 'keep the last 90 days')
      .example('$0 prune --older-than 90d --vacuum', 'and shrink the file'),
  handler: async (args, io) => {
    const now = io.now();
    const cutoff = parseWhen(args['older-than'], now);
    if (cutoff === null) throw new CliError(`--older-than '${args['older-than']}' is not a span or date: use 90d, 12w or 2026-01-01`, EX.USAGE);
    // 0d, 1s or a date to come would delete (nearly) every row: far more likely a slip than a wish
    if (cutoff > now - MIN_AGE_MS) {
      throw new CliError(`--older-than ${args['older-than']} would delete (nearly) every row: the cut-off must be at least 1h back (to start afresh, delete the database file)`, EX.USAGE);
    }
    if (!Number.isFinite(args.wait) || args.wait < 0) throw new CliError(`--wait must be a number of seconds, got ${given(args.wait)}`, EX.USAGE);
    let res;
    try {
      res = await pruneDb({ db: dbPath(args.db, io.env), cutoffMs: cutoff, vacuum: args.vacuum, waitSeconds: args.wait });
    } catch (err) {
      throw toCliError(err, dbPath(args.db, io.env));
    }
    if (!args.quiet && io.stdout.isTTY) {
      const parts = Object.entries(res.deleted).filter(([, n]) => n > 0).map(([t, n]) => `${t} ${n}`);
      io.stdout.write(`deleted before ${new Date(cutoff).toISOString()}: ${parts.length ? parts.join(', ') : 'nothing'}; ` +
        `file ${res.bytesBefore} -> ${res.bytesAfter} bytes${res.vacuumed === 'none' ? ' (freed pages are reused; --vacuum shrinks the file)' : ''}\n`);
    }
    return EX.OK;
  },
};
