import { afterAll, describe, expect, test } from 'vitest';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyse } from '../../src/app/analyse.js';
import { dumpFacts, fixture, scalar, tempDir } from '../helpers.js';

// Exim entries span lines (rejectlog headers). A run that stops in the middle of one, resumed
// after the rest of the file arrives, must store exactly what one run over the whole file stores.

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const whole = readFileSync(fixture('lab/exim-rejectlog.log'), 'utf8');
const lines = whole.split('\n');
// cut inside the "rejected after DATA" entry: after its Envelope-to: line
const cutAt = lines.findIndex((l) => l.startsWith('Envelope-to:') && lines[lines.indexOf(l) - 1]?.startsWith('Envelope-from:')) + 1;

const run = (db: string, file: string, live: boolean, batchLines?: number) =>
  analyse({ db, inputs: [file], now: () => Date.now(), year: 2026, liveWindowMs: live ? 3600_000 : 0, batchLines });

describe('resuming inside an Exim entry', () => {
  test('the cut falls inside an entry', () => {
    expect(cutAt).toBeGreaterThan(1);
    expect(lines[cutAt]).not.toMatch(/^\d{4}-/);
  });

  test('growing file, two runs == one run over the whole file', async () => {
    const fullFile = join(tmp.dir, 'full-rejectlog.log');
    writeFileSync(fullFile, whole);
    const one = join(tmp.dir, 'one.db');
    await run(one, fullFile, false);

    const growing = join(tmp.dir, 'growing-rejectlog.log');
    writeFileSync(growing, lines.slice(0, cutAt).join('\n') + '\n');
    const two = join(tmp.dir, 'two.db');
    const [first] = await run(two, growing, true);
    expect(first!.heldBack).toBe(true);
    appendFileSync(growing, lines.slice(cutAt).join('\n'));
    await run(two, growing, false);

    expect(dumpFacts(two)).toEqual(dumpFacts(one));
  });

  test('small batches: a checkpoint never splits an entry', async () => {
    const file = join(tmp.dir, 'batched-rejectlog.log');
    writeFileSync(file, whole);
    const a = join(tmp.dir, 'batch-a.db');
    const b = join(tmp.dir, 'batch-b.db');
    await run(a, file, false);
    await run(b, file, false, 3);
    expect(dumpFacts(b)).toEqual(dumpFacts(a));
  });
});

describe('the last line of a live Exim mainlog', () => {
  test('is read now: a mainlog entry is complete once its line ends', async () => {
    const file = join(tmp.dir, 'mainlog');
    writeFileSync(file, [
      '2026-11-28 18:13:32 1xXMvU-0004Cn-18 <= dave@lab.example U=dave P=local S=484 T="lab test message" for ok-heidi@sink.test',
      '2026-11-28 18:13:32 1xXMvU-0004Cn-18 => ok-heidi@sink.test R=lab_manual T=lab_2526 S=484 H=127.0.0.1 [127.0.0.1] C="250 2.0.0 Ok: queued as WYMLWEA3P6"',
      '2026-11-28 18:13:32 1xXMvU-0004Cn-18 Completed',
      '',
    ].join('\n'));
    const db = join(tmp.dir, 'live-main.db');
    const [r] = await run(db, file, true);
    expect(r!.lines).toBe(3);
    expect(r!.heldBack).toBe(false);
    expect(scalar(db, "SELECT state FROM messages WHERE queue_id = '1xXMvU-0004Cn-18'")).toBe('completed');
  });
});

describe('resuming inside a paniclog entry', () => {
  // Exim continues a paniclog entry on indented lines (a configuration error names the line, then
  // what is wrong with it); a live paniclog's last entry may still be growing, as a rejectlog's may
  const panic = readFileSync(fixture('corpus/exim/exim-testsuite-paniclog.log'), 'utf8').split('\n');
  const cut = panic.findIndex((l, i) => l.startsWith('  ') && panic[i - 1]!.includes('Exim configuration error'));

  test('growing file, two runs == one run over the whole file', async () => {
    expect(panic[cut - 1]).toMatch(/^\d{4}-.* Exim configuration error in line 12 of /);
    const fullFile = join(tmp.dir, 'full-paniclog');
    writeFileSync(fullFile, panic.join('\n'));
    const one = join(tmp.dir, 'panic-one.db');
    await run(one, fullFile, false);

    const growing = join(tmp.dir, 'growing-paniclog');
    writeFileSync(growing, panic.slice(0, cut).join('\n') + '\n');
    const two = join(tmp.dir, 'panic-two.db');
    const [first] = await run(two, growing, true);
    expect(first!.heldBack).toBe(true);
    appendFileSync(growing, panic.slice(cut).join('\n'));
    await run(two, growing, false);

    expect(dumpFacts(two)).toEqual(dumpFacts(one));
    expect(scalar(two, "SELECT count(*) FROM problems WHERE line LIKE '%missing quote at end of string value for hold_domains'")).toBe(1);
  });
});
