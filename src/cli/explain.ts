import type { Command } from './command.js';
import { safeLines } from '../report/render/escape.js';
import { CliError, EX } from './exit-codes.js';
import { explain, parseCodeArg } from '../remedy/describe.js';
import { readLine } from '../app/line-query.js';
import { renderExplain } from '../remedy/render.js';
import { resolveLang } from '../remedy/index.js';

interface Args {
  code: string[];
  format: 'text' | 'json';
  lang?: string;
}

export const explainCommand: Command<Args> = {
  command: 'explain <code..>',
  describe: 'what an SMTP reply code, enhanced status code or log line means, and how to fix it',
  builder: (y) =>
    y
      .positional('code', { type: 'string', array: true, describe: 'a code (551, 5.1.6, "550 5.7.26"), a whole reply or log line, or a remedy id from a report' })
      .option('format', { choices: ['text', 'json'] as const, default: 'text' as const, describe: 'output format' })
      .option('lang', { choices: ['en', 'vi'] as const, describe: 'language (default: from LC_ALL / LANG, else en)' })
      .example('$0 explain 551', 'a basic reply code')
      .example('$0 explain 5.7.26', 'an enhanced status code')
      .example('$0 explain text.relay-denied', 'the entry a report or trace names in brackets')
      .example("$0 explain '550 5.1.1 <a@b>: Recipient address rejected: User unknown in local recipient table'", 'a reply as logged'),
  handler: async (args, io) => {
    const input = args.code.join(' ');
    // nothing to explain is a missing argument (usage, 64), not a bad code (65)
    if (input.trim() === '') throw new CliError('explain needs a code or a reply line, e.g. mxlens explain 550 or mxlens explain "550 5.1.1"', EX.USAGE);
    // "explain 550 551" would read 551 as the reply text and quietly ignore it
    if (/^(?:[2-5]\d\d|[245]\.\d{1,3}\.\d{1,3})$/.test(parseCodeArg(input).text)) {
      throw new CliError(`explain takes one reply; to put two codes side by side use: mxlens compare ${args.code.slice(0, 2).join(' ')}`, EX.USAGE);
    }
    const lang = resolveLang(args.lang, io.env);
    // a pasted log line gets what the report shows for it
    const x = explain(input, lang, readLine(input));
    if (x === null) {
      throw new CliError(`no SMTP reply code or known reason in '${input.slice(0, 80)}' (try a code such as 550, 5.1.1 or "550 5.1.1", or a remedy id such as text.relay-denied)`, EX.DATAERR);
    }
    io.stdout.write(args.format === 'json' ? `${JSON.stringify(x, null, 2)}\n` : safeLines(renderExplain(x, lang)));
    return EX.OK;
  },
};
