import type { Command } from './command.js';
import { analyseCommand } from './analyse.js';
import { reportCommand } from './report.js';
import { queryCommand } from './query.js';
import { explainCommand } from './explain.js';
import { compareCommand } from './compare.js';
import { pruneCommand } from './prune.js';
import { traceCommand } from './trace.js';

/** Every command, in help order. */
export const commands: Command<never>[] = [analyseCommand, reportCommand, queryCommand, traceCommand, explainCommand, compareCommand, pruneCommand] as Command<never>[];
