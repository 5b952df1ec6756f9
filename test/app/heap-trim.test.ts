import { expect, test } from 'vitest';
import { setTimeout as tick } from 'node:timers/promises';
import { HeapTrim } from '../../src/app/heap-trim.js';

// The early full collection must really run: an object nothing refers to any more is gone
// once the batch that triggers it has been counted.

function orphan(): WeakRef<object> {
  return new WeakRef({ payload: new Array(1000).fill('x') });
}

test('the n-th batch runs a full collection', async () => {
  const trim = new HeapTrim(3);
  const ref = orphan();
  // (a weak target created or read in a job is kept until that job ends)
  await tick(0);
  trim.batch();
  trim.batch();
  trim.batch();
  await tick(0);
  // (the object itself is not handed to expect, which could keep it)
  expect(ref.deref() === undefined).toBe(true);
});
