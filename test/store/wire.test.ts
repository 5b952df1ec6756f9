import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { describe, expect, test } from 'vitest';
import { fromWire, packRows, toWire, unpackRows } from '../../src/store/wire.js';
import type { EncodedBatch } from '../../src/store/encode.js';

// A batch crosses to the writer thread packed (store/wire.ts): what the writer stores must be
// exactly what the parsing thread built, for every value a row can hold.

const awkward: unknown[][] = [
  [1, 'mx1', null, 'Nov 30 12:00:00 mx1 postfix/smtpd[12]: connect from a[192.0.2.1]', 1764500000123.5],
  [],
  ['', '', 0, -0, NaN, Number.MAX_SAFE_INTEGER, -1, 1e300],
  // not Latin-1, a character outside the BMP, a lone surrogate, NUL and the row separators a text format would use
  ['Ngân hàng từ chối thư', '📧 mail', '\ud800x', 'a\u0000b', '\n\r\t\u0001\u0002', 'é'],
  [null, null, null],
];

function sameRows(got: unknown[][], want: unknown[][]): void {
  expect(got.length).toBe(want.length);
  got.forEach((r, i) => {
    expect(r.length).toBe(want[i]!.length);
    // Object.is: -0 stays -0 and NaN stays NaN
    r.forEach((v, j) => expect(Object.is(v, want[i]![j]), `row ${i} value ${j}: ${String(v)}`).toBe(true));
  });
}

describe('packed rows', () => {
  test('come out exactly as they went in', () => {
    sameRows(unpackRows(packRows(awkward)), awkward);
  });

  test('an undefined value comes out as null, which SQLite binds the same way', () => {
    sameRows(unpackRows(packRows([[undefined, 'x']])), [[null, 'x']]);
  });

  test('a value no column can hold is refused, not stored as something else', () => {
    expect(() => packRows([[true]])).toThrow(/boolean/);
    expect(() => packRows([[{ a: 1 }]])).toThrow(/object/);
  });

  test('no rows at all', () => {
    expect(unpackRows(packRows([]))).toEqual([]);
  });
});

describe('a batch on the wire', () => {
  const batch: EncodedBatch = {
    sessions: [[1, 7, 'mx1', 'postfix', 'postfix/smtpd', 12, 'a', '192.0.2.1', 1, null, null, null, null, null, 0, 0, 0, 1, 1, null, null, null]],
    messages: [],
    replies: awkward,
    deliveries: [[1, 'mx1'], [2, 'mx2']],
    stalls: [],
    problems: [[null, 'mx1', 'postfix', 'postfix/smtpd', 'warning', 'shape', 'line']],
    tlsFailures: [],
    tlsAmends: [[1, 'mx1', 'postfix/smtpd', 12, 'text']],
    notes: [],
    stats: [[0, 'mx1', 'postfix', 1, 1, 0, 0, 0]],
    misses: [],
    missMinutes: [],
    clocks: [['mx1', 5]],
    unqueuedBefore: [],
    checkpoint: { sourceId: 1, offset: 10, lines: 1, lastTs: null, size: 10, fingerprint: 'f', cursor: null, updatedAt: 3 },
  };

  test('crosses a message port and comes back the same batch, its buffers moved', () => {
    const { port1, port2 } = new MessageChannel();
    const { batch: wire, transfer } = toWire(batch);
    port1.postMessage(wire, transfer);
    // moved, not copied: the sender's buffers are detached
    expect(transfer.every((b) => b.byteLength === 0)).toBe(true);
    const got = fromWire(receiveMessageOnPort(port2)!.message);
    port1.close();
    expect(Object.keys(got).sort()).toEqual(Object.keys(batch).sort());
    for (const key of Object.keys(batch) as Array<keyof EncodedBatch>) {
      if (key === 'checkpoint') expect(got.checkpoint).toEqual(batch.checkpoint);
      else sameRows(got[key] as unknown[][], batch[key] as unknown[][]);
    }
  });
});
