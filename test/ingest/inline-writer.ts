import { openForWrite, type Db } from '../../src/store/db.js';
import { Writer } from '../../src/store/writer.js';
import type { EncodedBatch } from '../../src/store/encode.js';
import { deriveColumns } from '../../src/app/derive.js';
import { deriveTls } from '../../src/app/derive-tls.js';

/**
 * The writer thread's work (src/app/writer-thread.ts) done on the calling thread: the same
 * connection of its own, the same derive and apply per batch, on a copy of the batch as the
 * thread gets one. A test that runs analyse hundreds of times swaps it in for AsyncWriter
 * (vi.mock), sparing a thread start and its module loading per run, which is most of the time
 * a run over a small log takes.
 */
export class AsyncWriter {
  private readonly db: Db;
  private readonly writer: Writer;

  constructor(path: string) {
    this.db = openForWrite(path);
    this.writer = new Writer(this.db, deriveTls);
  }

  send(batch: EncodedBatch): void {
    const copy = structuredClone(batch);
    deriveColumns(copy);
    this.writer.apply(copy);
  }

  backpressure(): Promise<void> | null {
    return null;
  }

  async drain(): Promise<void> {}

  async close(): Promise<void> {
    this.db.close();
  }
}
