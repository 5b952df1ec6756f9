import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// Keeps the parsing thread's heap near its live size on long inputs.
//
// The live set of a run is small and steady (open sessions and messages, about 15 MB on the
// bench logs), but objects that outlive two young-generation collections (a batch in progress,
// a message waiting for its delivery) are promoted and die in the old generation. V8 lets that
// generation grow to several times the live size before it collects it, and the point where it
// does wanders with the input: peak RSS was 175 MB after 1M lines and 195-215 MB after 5M.
// A full collection every 20 batches (100,000 lines) costs a few percent of CPU and holds both
// near 160-175 MB. `--expose-gc` set now only puts `gc` into contexts created later, which is
// where it is taken from; if the flag cannot be set, nothing is collected early.

let collect: (() => void) | null | undefined;

function collector(): (() => void) | null {
  if (collect === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      collect = runInNewContext('typeof gc === "function" ? gc : null') as (() => void) | null;
    } catch {
      collect = null;
    }
  }
  return collect;
}

export class HeapTrim {
  private batches = 0;

  constructor(private readonly every = 20) {}

  /** counts a batch handed to the writer; every `every` batches, a full collection */
  batch(): void {
    if (++this.batches < this.every) return;
    this.batches = 0;
    collector()?.();
  }
}
