import type { Command } from './command.js';
import { safeLines } from '../report/render/escape.js';
import { CliError, EX } from './exit-codes.js';
import { compare, explain, sameReply } from '../remedy/describe.js';
import { renderCompare } from '../remedy/render.js';
import { resolveLang } from '../remedy/index.js';
import { readLine } from '../app/line-query.js';

interface Args {
  a?: string;
  b?: string;
  format: 'text' | 'json';
  lang?: string;
}

export const compareCommand: Command<Args> = {
  command: 'compare <a> <b>',
  describe: 'two SMTP replies side by side: class, meaning, when you see them, how to fix them, key differences',
  builder: (y) =>
    y
      .positional('a', { type: 'string', describe: 'first code (354, 5.1.6, "550 5.7.26")' })
      .positional('b', { type: 'string', describe: 'second code' })
      .option('format', { choices: ['text', 'json'] as const, default: 'text' as const, describe: 'output format' })
      .option('lang', { choices: ['en', 'vi'] as const, describe: 'language (default: from LC_ALL / LANG, else en)' })
      .example('$0 compare 354 551', 'the classic pair')
      .example('$0 compare 450 550 --lang vi', 'in Vietnamese'),
  handler: async (args, io) => {
    if (args.a === undefined || args.b === undefined || String(args.a).trim() === '' || String(args.b).trim() === '') {
      throw new CliError('compare needs two codes, e.g. mxlens compare 354 551', EX.USAGE);
    }
    const lang = resolveLang(args.lang, io.env);
    const [a, b] = [String(args.a), String(args.b)].map((s) => {
      const x = explain(s, lang, readLine(s));
      if (x === null) throw new CliError(`no SMTP reply code or known reason in '${s.slice(0, 80)}'`, EX.DATAERR);
      return x;
    });
    // "compare 550 550" is a typo or a misunderstanding; a full page comparing a code with itself helps neither
    if (sameReply(a!, b!)) {
      const one = String(args.a).trim();
      throw new CliError(`'${one.slice(0, 80)}' and '${String(args.b).trim().slice(0, 80)}' are the same reply: nothing to compare. To read about it: mxlens explain ${/\s/.test(one) ? `'${one}'` : one}`, EX.USAGE);
    }
    const c = compare(a!, b!, lang);
    io.stdout.write(args.format === 'json' ? `${JSON.stringify(c, null, 2)}\n` : safeLines(renderCompare(c, lang)));
    return EX.OK;
  },
};
