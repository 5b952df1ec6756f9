import type { Command } from './command.js';
import { runQuery } from '../store/adhoc.js';
import { renderQueryCsv, renderQueryJson, renderQueryTable } from '../report/render/query-rows.js';
import { EX } from './exit-codes.js';
import { toCliError } from './errors-map.js';
import { dbPath, withDb } from './options.js';

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
    let res;
    try {
      res = runQuery(dbPath(args.db, io.env), String(args.sql));
    } catch (err) {
      throw toCliError(err);
    }
    const out = args.format === 'json' ? renderQueryJson(res.columns, res.rows) : args.format === 'csv' ? renderQueryCsv(res.columns, res.rows) : renderQueryTable(res.columns, res.rows);
    io.stdout.write(out);
    return EX.OK;
  },
};
