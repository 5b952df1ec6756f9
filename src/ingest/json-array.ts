import type { Readable } from 'node:stream';
import streamArray from 'stream-json/streamers/stream-array.js';

// One large JSON array of entries (`journalctl -o json | jq -s`), read element by element in
// constant memory by stream-json. Each element is handed on as soon as it is complete, so every
// entry before a damaged one has been handed on when the damage is met; the damage ends the
// array (once a string or bracket is broken, nothing says where the next element starts).

export class ArrayDamage extends Error {
  constructor(readonly entries: number, readonly offset: number, what: string) {
    super(`entry ${entries + 1} is damaged (${what}; reading stopped at byte ${offset}); nothing after it can be read`);
  }
}

/** stream-json's own wording, shortened to what the damage was */
function whatOf(err: unknown): string {
  const msg = String((err as Error)?.message ?? err);
  if (/end|premature|incomplete/i.test(msg)) return 'cut short';
  if (/top-level|array/i.test(msg)) return 'not a JSON array';
  return `JSON error: ${msg.replace(/^Parser cannot parse input:\s*/i, '').slice(0, 80)}`;
}

const SLICE = 4096;

export async function* readJsonArray(input: Readable): AsyncGenerator<unknown> {
  // bytes read so far: the damage is at or before this point
  let offset = 0;
  let inputError: Error | null = null;
  let parseError: unknown = null;
  let ended = false;
  const elements = streamArray.withParserAsStream();
  // The parser is fed in slices that end at each closing brace: when it meets damage it drops what
  // it had parsed from the slice in hand, and fed a whole 64 KiB read it lost hundreds of entries
  // before the damage; cut this way, every entry that was complete has been handed on.
  input.on('data', (c: Buffer | string) => {
    const b = typeof c === 'string' ? Buffer.from(c) : c;
    let more = true;
    for (let o = 0; o < b.length; ) {
      // a slice ends just after a '}' (an entry's end, as journald entries are flat objects) or
      // after SLICE bytes, whichever comes first
      const close = b.indexOf(0x7d, o);
      const end = close >= 0 && close < o + SLICE ? close + 1 : Math.min(b.length, o + SLICE);
      offset += end - o;
      more = elements.write(b.subarray(o, end)) && more;
      o = end;
    }
    if (!more) {
      input.pause();
      elements.once('drain', () => input.resume());
    }
  });
  input.once('end', () => elements.end());
  // Elements are taken from 'data' events into a short queue rather than by async iteration: an
  // iterator drops elements it has not handed out yet when the parser fails a few bytes later.
  const queue: unknown[] = [];
  let wake: (() => void) | null = null;
  const signal = (): void => {
    const w = wake;
    wake = null;
    w?.();
  };
  elements.on('data', (item: { key: number; value: unknown }) => {
    queue.push(item.value);
    if (queue.length >= 64) elements.pause();
    signal();
  });
  elements.on('end', () => {
    ended = true;
    signal();
  });
  elements.on('error', (err) => {
    parseError ??= err;
    signal();
  });
  // a pipe does not pass errors on: a read or gunzip error is the input's, not damaged JSON
  input.once('error', (err) => {
    inputError = err;
    signal();
  });
  let entries = 0;
  try {
    for (;;) {
      if (queue.length > 0) {
        const v = queue.shift();
        entries++;
        if (queue.length < 16 && elements.isPaused()) elements.resume();
        yield v;
        continue;
      }
      if (inputError) throw inputError;
      if (parseError) throw new ArrayDamage(entries, offset, whatOf(parseError));
      if (ended) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    if (!ended) {
      elements.destroy();
      input.destroy();
    }
  }
}
