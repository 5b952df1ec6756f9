import yargs, { type Argv } from 'yargs';
import { CliError, EX } from './exit-codes.js';
import type { CommandIO } from './io.js';
import { commands } from './registry.js';
import { STDIN_TOKEN } from './command.js';
import { usageLine } from './usage-message.js';
import { termSafe } from '../report/render/escape.js';

const names = commands.flatMap((c) => (Array.isArray(c.command) ? c.command : [c.command]).map((s) => s.split(' ')[0]!));
const listed = commands.map((c) => (Array.isArray(c.command) ? c.command[0]! : c.command).split(' ')[0]!).join(', ');

/**
 * Every option that is not a switch needs a value: without this, `report --format` with
 * nothing after it quietly fell back to the default and `--top` alone to 10.
 */
function valuesRequired(y: Argv): Argv {
  // getOptions is how yargs exposes what a builder declared; its typings leave it out
  const o = (y as unknown as { getOptions(): { key: Record<string, unknown>; boolean: string[]; array: string[] } }).getOptions();
  const keys = Object.keys(o.key).filter((k) => !o.boolean.includes(k) && k !== 'help' && k !== 'version');
  // an option given twice arrives as an array, which no handler expects: `--db a --db b` crashed
  // and `--format json --format text` ended in a stack trace
  const single = Object.keys(o.key).filter((k) => !o.array.includes(k) && k !== 'help' && k !== 'version');
  const once = y.check((args) => {
    for (const k of single) if (Array.isArray(args[k])) throw new CliError(`--${k} given more than once (see mxlens --help)`, EX.USAGE);
    return true;
  });
  return keys.length > 0 ? once.requiresArg(keys) : once;
}

// Everything after `--` is a value, even one that starts with '-' (`mxlens query -- "-- why
// SELECT …"`, a log file named "-old.log"), but yargs fills no positional from after `--`. Such
// values go in front of it under a token no option looks like, and are given back to the handler.
const OPERAND = '\u0000operand:';

function hideOperands(argv: string[]): { argv: string[]; operands: string[] } {
  const end = argv.indexOf('--');
  const operands: string[] = [];
  const stdin = (a: string) => (a === '-' ? STDIN_TOKEN : a);
  if (end < 0) return { argv: argv.map(stdin), operands };
  const after = argv.slice(end + 1).map((a) => (a.startsWith('-') && a !== '-' ? `${OPERAND}${operands.push(a) - 1}` : stdin(a)));
  return { argv: [...argv.slice(0, end).map(stdin), ...after], operands };
}

function showOperands(args: Record<string, unknown>, operands: string[]): Record<string, unknown> {
  if (operands.length === 0) return args;
  const back = (v: unknown): unknown =>
    typeof v === 'string' && v.startsWith(OPERAND) ? operands[Number(v.slice(OPERAND.length))] : Array.isArray(v) ? v.map(back) : v;
  return Object.fromEntries(Object.entries(args).map(([k, v]) => [k, back(v)]));
}

/** The one place where errors become exit codes. */
export async function run(argv: string[], io: CommandIO): Promise<number> {
  let code: number = EX.OK;
  const first = argv[0];
  if (first !== undefined && !first.startsWith('-') && !names.includes(first)) {
    io.stderr.write(`mxlens: unknown command '${first}': the commands are ${listed} (see mxlens --help)\n`);
    return EX.USAGE;
  }
  // yargs drops a lone '-' from variadic positionals; carry it through under another name
  const hidden = hideOperands(argv);
  const parser: Argv = yargs(hidden.argv)
    .scriptName('mxlens')
    .usage('$0 <command> [options]\n\nMail-server log analyser for Postfix and Exim.')
    .strict()
    .demandCommand(1, `name a command: ${listed}`)
    .recommendCommands()
    .help()
    .version()
    .wrap(Math.min(100, process.stdout.columns ?? 100))
    .exitProcess(false)
    .fail((msg, err) => {
      // yargs's own parse errors (an option without its value) are usage errors; any other is the handler's
      if (err && err.name !== 'YError') throw err;
      // Throwing is what stops yargs: a fail callback that returns lets it go on and run the
      // command's handler with the arguments it has just refused (unknown flags, bad choices,
      // missing required options), so a refused run would still read files or create a database.
      throw new CliError(`${usageLine(msg ?? err?.message, argv)} (see mxlens --help)`, EX.USAGE);
    });
  for (const c of commands) {
    parser.command(c.command, c.describe, (y) => valuesRequired(c.builder(y)), async (args) => {
      code = await c.handler(showOperands(args, hidden.operands) as never, io);
    });
  }
  try {
    await parser.parseAsync();
  } catch (err) {
    if (err instanceof CliError) {
      // messages name files, hosts and SQL the user or a log chose: no control character reaches the terminal
      io.stderr.write(`mxlens: ${termSafe(err.message)}\n`);
      return err.exitCode;
    }
    const e = err as NodeJS.ErrnoException;
    io.stderr.write(`mxlens: internal error: ${e?.stack ?? String(err)}\n`);
    return EX.SOFTWARE;
  }
  return code;
}
