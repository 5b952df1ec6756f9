import type { Command } from './command.js';
import { buildReport } from '../app/report.js';
import { renderText } from '../report/render/text.js';
import { parseWhen } from '../report/time-window.js';
import { CliError, EX } from './exit-codes.js';
import { toCliError } from './errors-map.js';
import { dbPath, withDb } from './options.js';

interface Args {
  db?: string;
  since?: string;
  until?: string;
  format: 'text' | 'json';
  top: number;
}

function when(flag: string, value: string | undefined, now: number): number | null {
  if (value === undefined) return null;
  const ms = parseWhen(value, now);
  if (ms === null) throw new CliError(`--${flag} '${value}' is not a time: use ISO (2026-11-28, 2026-11-28T10:00) or a span like 24h, 7d`, EX.USAGE);
  return ms;
}

export const reportCommand: Command<Args> = {
  command: 'report',
  describe: 'rejections, stalled 354 sessions, bounces and deferrals, grouped, with what to do',
  builder: (y) =>
    withDb(y)
      .option('since', { type: 'string', describe: 'from this time (ISO, or relative: 24h, 7d)' })
      .option('until', { type: 'string', describe: 'up to this time (ISO, or relative)' })
      .option('format', { choices: ['text', 'json'] as const, default: 'text' as const })
      .option('top', { type: 'number', default: 10, describe: 'groups per section and entries per top list' })
      .example('$0 report --since 24h', 'the last day')
      .example('$0 report --format json | jq .totals', 'totals as data'),
  handler: async (args, io) => {
    const now = io.now();
    if (!Number.isInteger(args.top) || args.top < 1) throw new CliError(`--top must be a whole number of at least 1, got ${args.top}`, EX.USAGE);
    const window = { from: when('since', args.since, now), to: when('until', args.until, now) };
    let report;
    try {
      report = buildReport({ db: dbPath(args.db, io.env), window, top: args.top, now: () => now });
    } catch (err) {
      throw toCliError(err);
    }
    io.stdout.write(args.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderText(report));
    return EX.OK;
  },
};
