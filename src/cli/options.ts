import type { Argv } from 'yargs';

/** --db, shared by every command that touches the store. */
export function withDb(y: Argv): Argv {
  return y.option('db', {
    type: 'string',
    describe: 'SQLite database file (default: $MXLENS_DB, else ./mxlens.db)',
  });
}

export function dbPath(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  return flag ?? env.MXLENS_DB ?? 'mxlens.db';
}
