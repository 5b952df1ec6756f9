import { openForWrite } from '../../src/store/db.js';

/**
 * A writer that comes and goes (open, commit, checkpoint, close) while a reader reads: enough
 * rows to grow the file, so the change shows even where file times are coarse.
 */
export function growDatabase(path: string): void {
  const w = openForWrite(path);
  const put = w.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
  w.transaction(() => {
    for (let i = 0; i < 2000; i++) put.run(`w${i}`, 'x'.repeat(100));
  })();
  w.close();
}
