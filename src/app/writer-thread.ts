import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { openForWrite } from '../store/db.js';
import { StoreError, storeError, type StoreErrorCode } from '../store/errors.js';
import { Writer } from '../store/writer.js';
import { fromWire, type WireBatch } from '../store/wire.js';
import { deriveColumns } from './derive.js';
import { deriveTls } from './derive-tls.js';

// The writer thread: applies batches in order, one transaction each, and answers each one.
// After a failure it applies nothing more (later batches would skip past a lost one), but
// still answers each one: the sender waits for every batch it sent before it gives up.

const port = parentPort!;
const db = openForWrite((workerData as { db: string }).db);
const writer = new Writer(db, deriveTls);
let failed = false;

type Msg = { seq: number; batch?: WireBatch; close?: boolean };

// Batches written since the write-ahead log was last copied into the database. SQLite copies it
// when it passes wal_autocheckpoint (db.ts), in the commit that passes it, and the rest when the
// last connection closes: at the end of a run, with nothing else going on. When this thread has
// no batch waiting, the parsing thread is the slower one, and the copy done now overlaps its work.
// On a first import a batch adds about 2 MB to the write-ahead log: one copy for every 16 MB or so.
const CHECKPOINT_EVERY = 8;
let sinceCheckpoint = 0;

function handle(msg: Msg): void {
  if (msg.close) {
    // Every batch is committed in the write-ahead log; closing copies it into the database file and
    // removes it. SQLite does that copy in silence and keeps the log when it fails (a full disk:
    // the log then holds the disk until a later run finds room). Copied here instead, so that a
    // failure is heard: the run's rows are safe, but the disk is full and the run says so (exit 74).
    let error: { code: StoreErrorCode; message: string } | undefined;
    if (!failed) {
      try {
        // PASSIVE: a report reading now is not waited for (what it still needs is copied by the last close)
        db.pragma('wal_checkpoint(PASSIVE)');
      } catch (err) {
        const e = storeError(err, 'copying the write-ahead log into the database');
        error = { code: e.code, message: `${e.message}; every line read is stored (in the -wal file beside the database), and the next run with room finishes the copy` };
      }
    }
    db.close();
    port.postMessage(error ? { seq: msg.seq, closed: true, error } : { seq: msg.seq, closed: true });
    return;
  }
  if (failed) {
    port.postMessage({ seq: msg.seq, skipped: true });
    return;
  }
  try {
    const batch = fromWire(msg.batch!);
    deriveColumns(batch);
    writer.apply(batch);
    sinceCheckpoint++;
    port.postMessage({ seq: msg.seq });
  } catch (err) {
    failed = true;
    const e = err instanceof StoreError ? err : new StoreError('sql', String((err as Error)?.message ?? err));
    port.postMessage({ seq: msg.seq, error: { code: e.code, message: e.message } });
  }
}

port.on('message', (first: Msg) => {
  // every message already queued is handled first: only an empty queue means idle
  let msg: Msg | undefined = first;
  while (msg !== undefined) {
    handle(msg);
    if (msg.close) return;
    msg = receiveMessageOnPort(port)?.message as Msg | undefined;
  }
  if (failed || sinceCheckpoint < CHECKPOINT_EVERY) return;
  sinceCheckpoint = 0;
  try {
    // PASSIVE: copies what no reader still needs, and never waits for one
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // a copy that could not be made now is made later (the next one, or the close)
  }
});
