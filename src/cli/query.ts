import type { Command } from './command.js';
import { streamQuery } from '../store/adhoc.js';
import { queryRenderer, type QueryRenderer } from '../report/render/query-rows.js';
import { EX } from './exit-codes.js';
import { toCliError } from './errors-map.js';
import { dbPath, withDb } from './options.js';

/** Waits until the output took what it was given (a pipe to a slow reader), or failed. */
function drained(out: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      out.off('drain', done);
      out.off('error', done);
      out.off('close', done);
      resolve();
    };
    out.on('drain', done);
    out.on('error', done);
    out.on('close', done);
  });
}

interface Args {
  sql: string;
  db?: string;
  format: 'table' | 'json' | 'csv';
}

export const queryCommand: Command<Args> = {
  command: 'query <sql>',
  describe: 'run a read-only SQL query against the database',
  builder: (y) =>
    withDb(y)
      .positional('sql', { type: 'string', describe: 'one SQL statement that returns rows' })
      .option('format', { choices: ['table', 'json', 'csv'] as const, default: 'table' as const })
      .example('$0 query "SELECT code, enhanced, reason, n FROM rejections_by_code"', 'rejections by code')
      .example('$0 query "SELECT * FROM stalls" --format csv', 'stalled sessions as CSV'),
  handler: async (args, io) => {
    let renderer: QueryRenderer | null = null;
    let total: number;
    try {
      total = await streamQuery(dbPath(args.db, io.env), String(args.sql), async (columns, rows) => {
        renderer ??= queryRenderer(args.format, columns);
        if (!io.stdout.write(renderer.chunk(rows))) await drained(io.stdout);
        const out = io.stdout as { destroyed?: boolean; errored?: unknown };
        return !out.destroyed && out.errored == null;
      });
    } catch (err) {
      throw toCliError(err, dbPath(args.db, io.env));
    }
    if (renderer !== null) io.stdout.write((renderer as QueryRenderer).end(total));
    return EX.OK;
  },
};
