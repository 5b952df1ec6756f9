import type { EncodedBatch } from './encode.js';

// How a batch crosses to the writer thread. postMessage copies arrays value by value (structured
// clone): a million-line log sends some ten million values, and both threads paid for each one,
// in the copy and again in the collections of all those small arrays. Here the rows of each table
// go as a few flat typed arrays (moved, not copied) and one string holding all their text, and the
// writer thread cuts the values out of it again. Rows come out exactly as they went in: numbers
// (doubles, so -0 and NaN too), strings (any UTF-16, lone surrogates included) and null, which is
// also what an undefined value becomes, as SQLite binds both as NULL.

const NUM = 0;
const STR = 1;
const NULL = 2;

export interface PackedRows {
  /** values in each row */
  widths: Uint32Array;
  /** NUM, STR or NULL, for each value in row order */
  kinds: Uint8Array;
  /** the numbers, in order */
  nums: Float64Array;
  /** the length of each string, in order */
  lens: Uint32Array;
  /** the strings, one after another */
  text: string;
}

// Numbers and string lengths are gathered in scratch arrays kept from batch to batch, and only
// what was used is copied out to cross: a batch's own arrays are exactly as long as its values.
let numScratch = new Float64Array(1 << 14);
let lenScratch = new Uint32Array(1 << 14);

/** Rows of numbers, strings and nulls, packed. Any other value is a bug upstream: it throws, as binding it would. */
export function packRows(rows: readonly (readonly unknown[])[]): PackedRows {
  let values = 0;
  for (const r of rows) values += r.length;
  if (numScratch.length < values) {
    numScratch = new Float64Array(Math.max(values, numScratch.length * 2));
    lenScratch = new Uint32Array(numScratch.length);
  }
  const widths = new Uint32Array(rows.length);
  const kinds = new Uint8Array(values);
  const nums = numScratch;
  const lens = lenScratch;
  // joined with +=: V8 links the pieces and copies them once, when the message is written
  let text = '';
  let k = 0;
  let n = 0;
  let s = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    widths[i] = r.length;
    for (let j = 0; j < r.length; j++) {
      const v = r[j];
      if (typeof v === 'number') {
        kinds[k++] = NUM;
        nums[n++] = v;
      } else if (typeof v === 'string') {
        kinds[k++] = STR;
        lens[s++] = v.length;
        text += v;
      } else if (v === null || v === undefined) {
        kinds[k++] = NULL;
      } else {
        throw new TypeError(`a row value cannot be stored: ${typeof v}`);
      }
    }
  }
  return { widths, kinds, nums: nums.slice(0, n), lens: lens.slice(0, s), text };
}

export function unpackRows(p: PackedRows): unknown[][] {
  const { widths, kinds, nums, lens, text } = p;
  const rows: unknown[][] = new Array(widths.length);
  let k = 0;
  let n = 0;
  let s = 0;
  let at = 0;
  for (let i = 0; i < widths.length; i++) {
    const w = widths[i]!;
    const r: unknown[] = new Array(w);
    for (let j = 0; j < w; j++) {
      const kind = kinds[k++];
      if (kind === NUM) r[j] = nums[n++];
      else if (kind === STR) r[j] = text.slice(at, (at += lens[s++]!));
      else r[j] = null;
    }
    rows[i] = r;
  }
  return rows;
}

/** The tables that carry rows by the thousand; the rest of a batch crosses as it is. */
const PACKED = ['sessions', 'messages', 'replies', 'deliveries', 'stalls', 'problems', 'tlsFailures', 'notes'] as const;
type PackedTable = (typeof PACKED)[number];

export type WireBatch = Omit<EncodedBatch, PackedTable> & { packed: Record<PackedTable, PackedRows> };

/** The batch as sent, and the buffers postMessage moves rather than copies. */
export function toWire(e: EncodedBatch): { batch: WireBatch; transfer: ArrayBuffer[] } {
  const packed = {} as Record<PackedTable, PackedRows>;
  const transfer: ArrayBuffer[] = [];
  for (const t of PACKED) {
    const p = packRows(e[t]);
    packed[t] = p;
    transfer.push(p.widths.buffer as ArrayBuffer, p.kinds.buffer as ArrayBuffer, p.nums.buffer as ArrayBuffer, p.lens.buffer as ArrayBuffer);
  }
  const rest: Record<string, unknown> = { ...e };
  for (const t of PACKED) delete rest[t];
  return { batch: { ...(rest as Omit<EncodedBatch, PackedTable>), packed }, transfer };
}

export function fromWire(w: WireBatch): EncodedBatch {
  const { packed, ...rest } = w;
  const e = { ...rest } as EncodedBatch;
  for (const t of PACKED) e[t] = unpackRows(packed[t]);
  return e;
}
