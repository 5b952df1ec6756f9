import type { Command } from './command.js';

/** Every command, in help order. */
export const commands: Command<never>[] = [];
