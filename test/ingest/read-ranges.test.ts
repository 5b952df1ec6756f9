import { describe, expect, test } from 'vitest';
import { ANY_STREAM, MAX_SPANS, ReadRanges, addSpan, inSpans, type Span } from '../../src/ingest/read-ranges.js';

const at = (scope: string, stream: string, n: number) => ({ scope, stream, at: BigInt(n) });

/** Reads positions in order through one ReadRanges, returns those not skipped and what it would store. */
function run(stored: Map<string, Span[]>, positions: Array<{ scope: string; stream: string; at: bigint }>) {
  const r = new ReadRanges((scope, stream) => stored.get(`${scope}|${stream}`) ?? []);
  const read = positions.filter((p) => !r.seen(p)).map((p) => Number(p.at));
  for (const u of r.take()) stored.set(`${u.scope}|${u.stream}`, u.spans);
  return { read, skipped: r.skipped };
}

describe('spans', () => {
  test('adding merges overlaps and keeps order', () => {
    let s: Span[] = [];
    s = addSpan(s, 10n, 20n);
    s = addSpan(s, 30n, 40n);
    s = addSpan(s, 1n, 2n);
    expect(s).toEqual([[1n, 2n], [10n, 20n], [30n, 40n]]);
    expect(addSpan(s, 15n, 35n)).toEqual([[1n, 2n], [10n, 40n]]);
    expect(inSpans(s, 20n)).toBe(true);
    expect(inSpans(s, 25n)).toBe(false);
  });
  test('past the limit the two closest spans merge', () => {
    let s: Span[] = [];
    for (let i = 0; i <= MAX_SPANS; i++) s = addSpan(s, BigInt(i * 100), BigInt(i * 100 + (i === 5 ? 95 : 10)));
    expect(s).toHaveLength(MAX_SPANS);
    expect(inSpans(s, 598n)).toBe(true);
    expect(inSpans(s, 250n)).toBe(false);
  });
});

describe('which entries were read before', () => {
  const J = 'journal:abc';
  const seq = (stream: string, from: number, to: number, step = 1) => {
    const out = [];
    for (let i = from; i <= to; i += step) out.push(at(J, stream, i));
    return out;
  };

  test('the same view twice: nothing the second time', () => {
    const stored = new Map<string, Span[]>();
    expect(run(stored, seq('smtpd', 1, 50)).read).toHaveLength(50);
    expect(run(stored, seq('smtpd', 1, 50))).toEqual({ read: [], skipped: 50 });
  });
  test('an overlapping later window: only the new part', () => {
    const stored = new Map<string, Span[]>();
    run(stored, seq('smtpd', 1, 50));
    expect(run(stored, seq('smtpd', 40, 60)).read).toEqual([51, 52, 53, 54, 55, 56, 57, 58, 59, 60]);
  });
  test('another stream of the same journal, interleaved: all of it', () => {
    const stored = new Map<string, Span[]>();
    run(stored, seq('postfix@-.service', 1, 99, 2));
    expect(run(stored, seq('postfix.service', 2, 100, 2)).read).toHaveLength(50);
  });
  test('an older archive below what was read, then one in the middle: read', () => {
    const stored = new Map<string, Span[]>();
    run(stored, seq('smtpd', 500, 600));
    expect(run(stored, seq('smtpd', 1, 100)).read).toHaveLength(100);
    expect(run(stored, seq('smtpd', 200, 300)).read).toHaveLength(101);
    expect(run(stored, seq('smtpd', 1, 600)).read).toHaveLength(99 + 199);
  });
  test('two exports one after another in one stream (newer first): the older is still read', () => {
    const stored = new Map<string, Span[]>();
    expect(run(stored, [...seq('smtpd', 50, 60), ...seq('smtpd', 1, 10), ...seq('smtpd', 50, 60)]).read).toHaveLength(21);
    // within one input, positions read in rising order are one stretch of a view: 11-49 were not in it
    expect(stored.get(`${J}|smtpd`)).toEqual([[1n, 60n]]);
  });
  test('files one after another: each its own span', () => {
    const stored = new Map<string, Span[]>();
    const r = new ReadRanges((scope, stream) => stored.get(`${scope}|${stream}`) ?? []);
    for (const p of seq('smtpd', 1, 10)) r.seen(p);
    r.endInput();
    for (const p of seq('smtpd', 50, 60)) r.seen(p);
    expect(r.take()).toEqual([{ scope: J, stream: 'smtpd', spans: [[1n, 10n], [50n, 60n]] }]);
  });
  test('a checkpoint from before streams were told apart covers every stream of its journal', () => {
    const stored = new Map<string, Span[]>([[`${J}|${ANY_STREAM}`, [[0n, 30n]]]]);
    expect(run(stored, seq('qmgr', 25, 35)).read).toEqual([31, 32, 33, 34, 35]);
  });
  test('the same time twice in one run (time positions) is read twice', () => {
    const stored = new Map<string, Span[]>();
    expect(run(stored, [at('docker:-', 'mx', 5), at('docker:-', 'mx', 5), at('docker:-', 'mx', 6)]).read).toEqual([5, 5, 6]);
  });
});

describe('positions that are times', () => {
  test('a clock stepped back within one log reads every entry, and a second reading of it none', () => {
    const stored = new Map<string, Span[]>();
    const D = 'docker:/var/lib/docker/containers/x/x-json.log';
    const log = [381, 401, 390, 395, 402].map((n) => at(D, 'mx', n));
    expect(run(stored, log)).toEqual({ read: [381, 401, 390, 395, 402], skipped: 0 });
    expect(run(stored, log)).toEqual({ read: [], skipped: 5 });
    // the same for journal entries without a cursor (placed by host and realtime)
    const J = 'journal-host:mx';
    const fresh = new Map<string, Span[]>();
    expect(run(fresh, [10, 30, 20, 25].map((n) => at(J, 's', n))).read).toEqual([10, 30, 20, 25]);
  });

  test('sequence numbers repeated within one input are the same entries again (two overlapping exports)', () => {
    const stored = new Map<string, Span[]>();
    const J = 'journal:abc';
    expect(run(stored, [1, 2, 3, 4, 3, 4, 5].map((n) => at(J, 's', n)))).toEqual({ read: [1, 2, 3, 4, 5], skipped: 2 });
  });
});
