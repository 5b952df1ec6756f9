import { STDIN_TOKEN, type Command } from './command.js';
import { buildTrace } from '../app/trace.js';
import { UnknownHostError } from '../app/report.js';
import { classifyTerms, TermError } from '../model/trace-terms.js';
import { renderTraceText } from '../report/render/trace-text.js';
import { resolveLang } from '../remedy/index.js';
import { CliError, EX } from './exit-codes.js';
import { toCliError } from './errors-map.js';
import { countFlag, dbPath, utcOffset, windowOf, withDb, withWindow } from './options.js';

interface Args {
  terms: string[];
  db?: string;
  since?: string;
  until?: string;
  host?: string[];
  limit: number;
  format: 'text' | 'json';
  lines: boolean;
  lang?: string;
}

const MAX_LIMIT = 5000;
const MAX_TERMS = 1000;

export const traceCommand: Command<Args> = {
  command: 'trace <terms..>',
  describe: 'what happened to a message, an address or a client: every stored row of its story, with what to do',
  builder: (y) =>
    withWindow(withDb(y))
      .positional('terms', { type: 'string', array: true, describe: 'an address, a Message-ID, an IP address, a queue id (Postfix) or message id (Exim), a host name or HELO name' })
      .option('limit', { type: 'number', default: 20, describe: `the newest N messages, N connections and N other rows (at most ${MAX_LIMIT})` })
      .option('format', { choices: ['text', 'json'] as const, default: 'text' as const })
      .option('lines', { type: 'boolean', default: false, describe: 'print each row\'s log line where it is kept' })
      .option('lang', { choices: ['en', 'vi'] as const, describe: 'language of the text and the remedy titles (default: from LC_ALL / LANG, else en)' })
      .example('$0 trace alice@example.com --since 24h', 'every message from or to an address in the last day')
      .example('$0 trace 4F3A21C0B2', 'one Postfix queue id, from the connection to the last delivery attempt')
      .example('$0 trace 203.0.113.7 --format json', 'a client or remote server by IP address, as data'),
  handler: async (args, io) => {
    const now = io.now();
    // every term and every row shown is a value bound into one statement (SQLite takes 32,766)
    if (countFlag('limit', args.limit) > MAX_LIMIT) throw new CliError(`--limit is at most ${MAX_LIMIT}; narrow the search with --since, --until or --host`, EX.USAGE);
    const raw = args.terms.map((t) => (t === STDIN_TOKEN ? '-' : String(t)));
    if (raw.length > MAX_TERMS) throw new CliError(`trace takes at most ${MAX_TERMS} terms, got ${raw.length}`, EX.USAGE);
    let terms;
    try {
      terms = classifyTerms(raw);
    } catch (err) {
      if (err instanceof TermError) throw new CliError(err.message, EX.USAGE);
      throw err;
    }
    const window = windowOf(args, now);
    const lang = resolveLang(args.lang, io.env);
    let trace;
    try {
      trace = buildTrace({ db: dbPath(args.db, io.env), raw, terms, window, limit: args.limit, lang });
    } catch (err) {
      if (err instanceof UnknownHostError) throw new CliError(err.message, EX.USAGE);
      throw toCliError(err, dbPath(args.db, io.env));
    }
    io.stdout.write(args.format === 'json' ? `${JSON.stringify(trace, null, 2)}\n` : renderTraceText(trace, { utcOffset, lines: args.lines, lang }));
    return EX.OK;
  },
};
