import { setFlagsFromString } from 'node:v8';

// Keeps a run's heap near its live size on long inputs.
//
// The live set of a run is small and steady (open sessions and messages, about 15 MB on the
// bench logs), but objects that outlive two young-generation collections (a batch in progress,
// a message waiting for its delivery) are promoted and die in the old generation. After each
// full collection V8 lets that generation grow to up to four times what survived before it
// collects again, and the point where it does wanders with the input: peak RSS was 175 MB after
// 1M lines and 195-215 MB after 5M.
//
// Capping that growth at a quarter holds both at 165-180 MB (text and journald JSON alike), and
// V8 still collects on its own schedule, with its marking done alongside the work. (A full
// collection forced every 100,000 lines, as before, held memory as well but stopped each thread
// for each one: about 2 % more instructions on the 1M-line bench log.) V8 reads the flag at each collection, so setting it after start-up
// works; it is process-wide, so the writer thread's heap follows it too. If the flag cannot be
// set, memory grows as V8 decides by default.

const GROWING_PERCENT = 25;

let bounded = false;

/** Caps how far the old generation grows past what its last full collection kept. */
export function boundHeapGrowth(): void {
  if (bounded) return;
  bounded = true;
  try {
    setFlagsFromString(`--heap-growing-percent=${GROWING_PERCENT}`);
  } catch {
    // a runtime without the flag: V8's default growth
  }
}
