import type { Command } from './command.js';
import { buildReport, UnknownHostError } from '../app/report.js';
import { renderText } from '../report/render/text.js';
import { renderMarkdown } from '../report/render/markdown.js';
import { renderHtml } from '../report/render/html.js';
import { renderReportCsv } from '../report/render/csv.js';
import { renderProm } from '../report/render/prom.js';
import { crossedRules, parseRule, RuleError, METRIC_NAMES, type Rule } from '../report/thresholds.js';
import type { Report } from '../report/types.js';
import { writeFileAtomic } from './atomic-write.js';
import { STDIN_TOKEN } from './command.js';
import { CliError, EX } from './exit-codes.js';
import { toCliError } from './errors-map.js';
import { countFlag, dbPath, utcOffset, windowOf, withDb, withWindow } from './options.js';
import { resolveLang } from '../remedy/index.js';
import { resolveDbPath } from '../store/db-path.js';

interface Args {
  db?: string;
  since?: string;
  until?: string;
  format: 'text' | 'json' | 'csv' | 'md' | 'html' | 'prom';
  top: number;
  'fail-on'?: string[];
  output?: string;
  lang?: string;
  host?: string[];
}

/** label sets kept per Prometheus family at the least, whatever --top says */
const PROM_TOP = 20;

function render(report: Report, format: Args['format'], top: number): string {
  if (format === 'prom') return renderProm(report, { top: Math.max(top, PROM_TOP) });
  return RENDER[format](report);
}

function rules(texts: string[] | undefined): Rule[] {
  try {
    return (texts ?? []).map(parseRule);
  } catch (err) {
    if (err instanceof RuleError) throw new CliError(err.message, EX.USAGE);
    throw err;
  }
}

const RENDER: Record<Exclude<Args['format'], 'prom'>, (r: Report) => string> = {
  text: (r) => renderText(r, { utcOffset }),
  json: (r) => `${JSON.stringify(r, null, 2)}\n`,
  csv: renderReportCsv,
  md: (r) => renderMarkdown(r, { utcOffset }),
  html: (r) => renderHtml(r, { utcOffset }),
};

export const reportCommand: Command<Args> = {
  command: 'report',
  describe: 'rejections, stalled 354 sessions, bounces and deferrals, grouped, with what to do',
  builder: (y) =>
    withWindow(withDb(y))
      .option('format', { choices: ['text', 'json', 'csv', 'md', 'html', 'prom'] as const, default: 'text' as const, describe: 'output format (md: Markdown; prom: Prometheus text exposition for the node_exporter textfile collector)' })
      .option('fail-on', {
        type: 'string', array: true, nargs: 1,
        describe: `exit ${EX.THRESHOLD} and print the report when a rule holds, print nothing otherwise; rule: <metric><op><number>, op one of > >= < <= == !=, metric one of ${METRIC_NAMES.join(' ')}`,
      })
      .option('output', { alias: 'o', type: 'string', describe: 'write to this file (atomically: temp file + rename) instead of standard output' })
      .option('top', { type: 'number', default: 10, describe: 'groups per section and entries per top list' })
      .option('lang', { choices: ['en', 'vi'] as const, describe: 'language of the headings, labels and remedy texts (default: from LC_ALL / LANG, else en)' })
      .example('$0 report --since 24h', 'the last day')
      .example('$0 report --format json | jq .totals', 'totals as data')
      .example('$0 report --host mx1 --host mx2 --since today', 'two hosts of a central syslog file')
      .example("$0 report --since 1h --fail-on 'rejected.5xx>100' --fail-on 'stalled_354>5'", 'cron alert: silent unless a threshold is crossed')
      .example('$0 report --format prom --output /var/lib/node_exporter/textfile/mxlens.prom', 'metrics for the textfile collector'),
  handler: async (args, io) => {
    const now = io.now();
    countFlag('top', args.top);
    const window = windowOf(args, now);
    const failOn = rules(args['fail-on']);
    // `-o -` (and `--output=-`) is standard output, as for every other mxlens path
    if (args.output === STDIN_TOKEN || args.output === '-') args.output = undefined;
    // a reader never changes the database: not even by writing the report over it
    if (args.output !== undefined) {
      const db = resolveDbPath(dbPath(args.db, io.env));
      const out = resolveDbPath(args.output);
      if ([db, `${db}-wal`, `${db}-shm`, `${db}-journal`, `${db}.lock`].includes(out)) throw new CliError(`--output ${args.output} is the database or one of its files`, EX.USAGE);
    }
    let report;
    try {
      // prom keeps max(--top, 20) label sets per family: the report must not have cut its lists shorter
      const top = args.format === 'prom' ? Math.max(args.top, PROM_TOP) : args.top;
      report = buildReport({ db: dbPath(args.db, io.env), window, top, now: () => now, lang: resolveLang(args.lang, io.env), utcOffset });
    } catch (err) {
      if (err instanceof UnknownHostError) throw new CliError(err.message, EX.USAGE);
      throw toCliError(err, dbPath(args.db, io.env));
    }
    const text = render(report, args.format, args.top);
    if (args.output !== undefined) {
      try {
        writeFileAtomic(args.output, text);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOSPC' || code === 'EDQUOT') throw new CliError(`${args.output}: cannot write (the disk is full)`, EX.IOERR);
        throw new CliError(`${args.output}: cannot write (${code ?? String(err)})`, EX.CANTCREAT);
      }
    }
    if (failOn.length === 0) {
      if (args.output === undefined) io.stdout.write(text);
      return EX.OK;
    }
    const crossed = crossedRules(report, failOn);
    if (crossed.length === 0) return EX.OK;
    // the alert itself: the report as asked for, or as text when it went to a file
    io.stdout.write(args.output === undefined ? text : renderText(report, { utcOffset }));
    io.stderr.write(`mxlens: threshold crossed: ${crossed.map((c) => `${c.rule.text} (is ${c.actual})`).join(', ')}\n`);
    return EX.THRESHOLD;
  },
};
