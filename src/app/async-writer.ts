import { Worker } from 'node:worker_threads';
import { StoreError, type StoreErrorCode } from '../store/errors.js';
import type { EncodedBatch } from '../store/encode.js';
import { toWire } from '../store/wire.js';

// Hands batches to the writer thread so parsing (this thread) and SQLite (that one) use
// both cores. Batches are applied in the order they were sent.

// Batches sent and not yet written. Both threads stall now and then (a WAL checkpoint, a burst of
// work on this side); a queue a few batches deep lets each ride out the other's stalls.
const MAX_IN_FLIGHT = 6;

export class AsyncWriter {
  private readonly worker: Worker;
  private seq = 0;
  private acked = 0;
  private error: StoreError | null = null;
  private waiters: Array<() => void> = [];

  constructor(db: string) {
    // under the test runner this module is TypeScript source: the thread runs the built file
    const here = import.meta.url;
    const url = here.endsWith('.ts') ? new URL('../../dist/src/app/writer-thread.js', here) : new URL('./writer-thread.js', here);
    // The thread holds a batch or two at a time. A batch it has just received lives until it is
    // written: a young generation smaller than a few batches collects it while it is still in use,
    // and copies it out of the young generation, and again, for nothing. 12 MB spent about 0.3 s
    // more of this thread on collections per million lines than 24 MB, for some 5 MB more at peak;
    // V8's default (up to 32 MB of semi-spaces) would show as that much more resident memory.
    this.worker = new Worker(url, { workerData: { db }, resourceLimits: { maxYoungGenerationSizeMb: 24 } });
    this.worker.on('message', (m: { seq: number; error?: { code: StoreErrorCode; message: string } }) => {
      if (m.error) this.error ??= new StoreError(m.error.code, m.error.message);
      this.acked = Math.max(this.acked, m.seq);
      this.wake();
    });
    this.worker.on('error', (err) => {
      this.error ??= new StoreError('sql', `writer thread: ${err.message}`);
      this.acked = this.seq;
      this.wake();
    });
    this.worker.on('exit', () => {
      if (this.acked < this.seq) this.error ??= new StoreError('sql', 'writer thread ended early');
      this.acked = this.seq;
      this.wake();
    });
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  private until(pred: () => boolean): Promise<void> {
    if (pred()) return Promise.resolve();
    return new Promise((resolve) => {
      const check = (): void => {
        if (pred()) resolve();
        else this.waiters.push(check);
      };
      this.waiters.push(check);
    });
  }

  /** Sends a batch; throws the writer's first error, if any. */
  send(batch: EncodedBatch): void {
    if (this.error) throw this.error;
    const { batch: wire, transfer } = toWire(batch);
    this.worker.postMessage({ seq: ++this.seq, batch: wire }, transfer);
  }

  /** null when the caller may go on; else a promise that resolves when the queue has room. */
  backpressure(): Promise<void> | null {
    if (this.seq - this.acked < MAX_IN_FLIGHT) return null;
    return this.until(() => this.seq - this.acked < MAX_IN_FLIGHT);
  }

  /** Waits until every batch sent is written; throws the first error. */
  async drain(): Promise<void> {
    await this.until(() => this.acked >= this.seq);
    if (this.error) throw this.error;
  }

  async close(): Promise<void> {
    try {
      await this.drain();
    } finally {
      const seq = ++this.seq;
      this.worker.postMessage({ seq, close: true });
      await this.until(() => this.acked >= seq);
      await this.worker.terminate();
    }
    // the closing copy of the write-ahead log failed (a full disk): everything was committed, but
    // the run must not end as a success with the disk left full
    if (this.error) throw this.error;
  }
}
