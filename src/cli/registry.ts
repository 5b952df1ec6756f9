import type { Command } from './command.js';
import { analyseCommand } from './analyse.js';

/** Every command, in help order. */
export const commands: Command<never>[] = [analyseCommand as Command<never>];
