import { parentPort, workerData } from 'node:worker_threads';
import { openForWrite } from '../store/db.js';
import { StoreError } from '../store/errors.js';
import { Writer } from '../store/writer.js';
import type { EncodedBatch } from '../store/encode.js';
import { deriveColumns } from './derive.js';
import { deriveTls } from './derive-tls.js';

// The writer thread: applies batches in order, one transaction each, and answers each one.
// After a failure it applies nothing more (later batches would skip past a lost one), but
// still answers each one: the sender waits for every batch it sent before it gives up.

const port = parentPort!;
const db = openForWrite((workerData as { db: string }).db);
const writer = new Writer(db, deriveTls);
let failed = false;

port.on('message', (msg: { seq: number; batch?: EncodedBatch; close?: boolean }) => {
  if (msg.close) {
    db.close();
    port.postMessage({ seq: msg.seq, closed: true });
    return;
  }
  if (failed) {
    port.postMessage({ seq: msg.seq, skipped: true });
    return;
  }
  try {
    deriveColumns(msg.batch!);
    writer.apply(msg.batch!);
    port.postMessage({ seq: msg.seq });
  } catch (err) {
    failed = true;
    const e = err instanceof StoreError ? err : new StoreError('sql', String((err as Error)?.message ?? err));
    port.postMessage({ seq: msg.seq, error: { code: e.code, message: e.message } });
  }
});
