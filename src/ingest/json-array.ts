import type { Readable } from 'node:stream';

// One large JSON array of entries (`journalctl -o json | jq -s`), read element by element in
// constant memory. Each element is parsed once it is complete, so every entry before a damaged
// one has been handed on when the damage is met; the damage ends the array (a scanner cannot
// tell where the next element starts once a string or bracket is broken).

export class ArrayDamage extends Error {
  constructor(readonly entries: number, readonly offset: number, what: string) {
    super(`entry ${entries + 1} is damaged (${what} at byte ${offset}); nothing after it can be read`);
  }
}

const MAX_ELEMENT = 16 * 1024 * 1024;
const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);

export async function* readJsonArray(input: Readable): AsyncGenerator<unknown> {
  let depth = 0; // 0: before the array, 1: inside it, 2: after it
  let inString = false;
  let escape = false;
  let el = 0; // bracket depth inside the current element
  let inElement = false;
  let needComma = false;
  let parts: Buffer[] = [];
  let partSize = 0;
  let entries = 0;
  let offset = 0;
  let first = true;

  const finish = (b: Buffer, start: number, end: number, at: number): unknown => {
    const piece = b.subarray(start, end);
    const text = (parts.length === 0 ? piece : Buffer.concat([...parts, piece])).toString('utf8');
    parts = [];
    partSize = 0;
    inElement = false;
    needComma = true;
    try {
      const v = JSON.parse(text) as unknown;
      entries++;
      return v;
    } catch {
      throw new ArrayDamage(entries, at, 'damaged entry');
    }
  };

  for await (const chunk of input) {
    let b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    if (first && b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) {
      b = b.subarray(3);
      offset += 3;
    }
    first = false;
    let start = 0;
    for (let i = 0; i < b.length; i++) {
      const c = b[i]!;
      if (inString) {
        if (escape) escape = false;
        else if (c === 0x5c) escape = true;
        else if (c === 0x22) inString = false;
        continue;
      }
      if (inElement) {
        if (c === 0x22) inString = true;
        else if (c === 0x7b || c === 0x5b) el++;
        else if (c === 0x7d || c === 0x5d) {
          if (el === 0) {
            // a scalar element closed by the array's own bracket
            yield finish(b, start, i, offset + i);
            depth = 2;
            continue;
          }
          if (--el === 0) yield finish(b, start, i + 1, offset + i);
        } else if (c === 0x2c && el === 0) {
          yield finish(b, start, i, offset + i);
          needComma = false;
        }
        continue;
      }
      if (WS.has(c)) continue;
      if (depth === 0) {
        if (c !== 0x5b) throw new ArrayDamage(0, offset + i, 'not a JSON array');
        depth = 1;
      } else if (depth === 1) {
        if (c === 0x5d) depth = 2;
        else if (c === 0x2c && needComma) needComma = false;
        else if (needComma) throw new ArrayDamage(entries, offset + i, 'a comma missing');
        else {
          inElement = true;
          start = i;
          el = c === 0x7b || c === 0x5b ? 1 : 0;
          if (c === 0x22) inString = true;
        }
      } else throw new ArrayDamage(entries, offset + i, 'text after the array');
    }
    if (inElement) {
      const rest = b.subarray(start);
      parts.push(rest);
      partSize += rest.length;
      if (partSize > MAX_ELEMENT) throw new ArrayDamage(entries, offset + b.length, 'an entry larger than 16 MiB');
    }
    offset += b.length;
  }
  if (depth !== 2) throw new ArrayDamage(entries, offset, 'cut short');
}
