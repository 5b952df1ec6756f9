import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { CliError, EX } from './exit-codes.js';
import type { CommandIO } from './io.js';
import { commands } from './registry.js';
import { STDIN_TOKEN } from './command.js';

/** The one place where errors become exit codes. */
export async function run(argv: string[], io: CommandIO): Promise<number> {
  let code: number = EX.OK;
  let usageError: string | null = null;
  // yargs drops a lone '-' from variadic positionals; carry it through under another name
  const parser: Argv = yargs(argv.map((a) => (a === '-' ? STDIN_TOKEN : a)))
    .scriptName('mxlens')
    .usage('$0 <command> [options]\n\nMail-server log analyser for Postfix and Exim.')
    .strict()
    .demandCommand(1, 'name a command: analyse, report, query, explain, compare')
    .recommendCommands()
    .help()
    .version()
    .wrap(Math.min(100, process.stdout.columns ?? 100))
    .exitProcess(false)
    .fail((msg, err) => {
      if (err) throw err;
      usageError = msg;
    });
  for (const c of commands) {
    parser.command(c.command, c.describe, c.builder, async (args) => {
      code = await c.handler(args as never, io);
    });
  }
  try {
    await parser.parseAsync();
  } catch (err) {
    if (err instanceof CliError) {
      io.stderr.write(`mxlens: ${err.message}\n`);
      return err.exitCode;
    }
    const e = err as NodeJS.ErrnoException;
    io.stderr.write(`mxlens: internal error: ${e?.stack ?? String(err)}\n`);
    return EX.SOFTWARE;
  }
  if (usageError !== null) {
    io.stderr.write(`mxlens: ${usageError} (see mxlens --help)\n`);
    return EX.USAGE;
  }
  return code;
}

