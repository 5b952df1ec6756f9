import type { Argv } from 'yargs';
import type { CommandIO } from './io.js';

/** One CLI command: typed options, examples in the builder, a handler returning an exit code. */
export interface Command<A = Record<string, unknown>> {
  command: string | string[];
  describe: string;
  builder: (y: Argv) => Argv;
  handler: (args: A, io: CommandIO) => Promise<number>;
}

/** What a '-' argument (standard input) looks like to command handlers. */
export const STDIN_TOKEN = '\u0000stdin';
