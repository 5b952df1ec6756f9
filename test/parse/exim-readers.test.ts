import { describe, expect, test } from 'vitest';
import { parseEximNative } from '../../src/parse/exim/prefix.js';
import { int, mergedValues, parseFields, parseHost } from '../../src/parse/exim/fields.js';
import { readRecipient } from '../../src/parse/exim/recipient.js';

// The Exim stamp, host specs and KEY= fields are read by hand for speed. These tests hold each
// reader to the regular expression it stands for, on the shapes where they could part ways.

const NATIVE = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{3}))?(?: ([+-]\d{4}))?(?: \[(\d+)\])? (.*)$/s;

/** What the regular expression makes of a line: its time, pid and message. */
function byRegex(line: string): { ts: number | null; pid: number | null; message: string } | null {
  const m = NATIVE.exec(line);
  if (!m) return null;
  const frac = Number(m[7] ?? 0);
  const ts = m[8] === undefined
    ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])).getTime()
    : Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.000${m[8].slice(0, 3)}:${m[8].slice(3)}`);
  return { ts: Number.isNaN(ts) ? null : ts + frac, pid: m[9] === undefined ? null : Number(m[9]), message: m[10]! };
}

describe('the Exim stamp', () => {
  const stamps = ['2026-11-28 18:12:52', '2026-11-28 18:12:52.345', '1999-02-30 25:61:61', '0099-01-01 00:00:00'];
  const zones = ['', ' +0100', ' -0530', ' +0000', ' +01000', ' +01', ' 0100'];
  const pids = ['', ' [789]', ' []', ' [78x]', ' [12]x'];
  const tails = [' 1xXMus-00043V-1M Completed', ' x', ' ', '', 'x', '  two spaces'];
  const lines = stamps.flatMap((s) => zones.flatMap((z) => pids.flatMap((p) => tails.map((t) => s + z + p + t))));
  lines.push('2026-11-28 18:12:52.34 x', '2026-11-28 18:12:52. x', '2026-11-28T18:12:52 x', '2026-11-2 18:12:52 x');

  test(`${lines.length} lines built from stamps, zones, pids and tails read as the expression reads them`, () => {
    const differ = lines.filter((line) => {
      const want = byRegex(line);
      const rec = parseEximNative(line);
      const got = rec === null || rec.host !== '' ? null : { ts: rec.ts, pid: rec.pid, message: rec.message };
      return JSON.stringify(got) !== JSON.stringify(want);
    });
    expect(differ).toEqual([]);
  });
});

describe('host specs and fields', () => {
  test('"[ip]" forms', () => {
    expect(parseHost('[192.0.2.1]')).toEqual({ spec: { ip: '192.0.2.1' }, end: 11 });
    expect(parseHost('x [192.0.2.1]:25* F=<a>', 2)).toEqual({ spec: { ip: '192.0.2.1', port: 25 }, end: 17 });
    expect(parseHost('[192.0.2.1]: text')).toEqual({ spec: { ip: '192.0.2.1' }, end: 11 }); // a colon with no port
    expect(parseHost('[2001:db8::1]:587')).toEqual({ spec: { ip: '2001:db8::1', port: 587 }, end: 17 });
    expect(parseHost('[]')).toEqual({ spec: { ip: '' }, end: 2 });
    // no closing bracket before a space: not a bracketed address, so the bare-name reading applies
    expect(parseHost('[192.0.2.1 x')).toEqual({ spec: { host: '[192.0.2.1' }, end: 10 });
    expect(parseHost('name (helo) [192.0.2.1]:25')).toEqual({ spec: { ip: '192.0.2.1', host: 'name', helo: 'helo', port: 25 }, end: 26 });
  });

  test('keys are one letter then up to eleven word characters', () => {
    const twelve = parseFields('R=r T=t ABCDEFGHIJKL=12 rest');
    expect([twelve.values.R, twelve.values.T, twelve.tail]).toEqual(['r', 't', 'rest']);
    const long = parseFields('R=r ABCDEFGHIJKLM=13 rest');
    expect([long.values.R, long.tail]).toEqual(['r', 'ABCDEFGHIJKLM=13 rest']);
    expect(parseFields('1X=a').tail).toBe('1X=a');
    const word = parseFields('x_1=a S=5');
    expect([word.values.S, word.tail]).toEqual(['5', '']);
  });

  test('the keys the rows read are kept, others are read past, a later value wins', () => {
    const f = parseFields('A=a C="250 ok" CV=yes DN="x y" DT=1s F=<f@b> I=[192.0.2.2]:25 P=esmtp QT=2s R=r S=12 T="t \\"q\\"" U=u X=TLS1.3 id=m@x K="k k" Ci=9 S=13 rest');
    expect({ ...f.values }).toEqual({
      A: 'a', C: '250 ok', CV: 'yes', DN: 'x y', DT: '1s', F: '<f@b>', I: '[192.0.2.2]:25', P: 'esmtp', QT: '2s', R: 'r', S: '13', T: 't "q"', U: 'u', X: 'TLS1.3', id: 'm@x',
    });
    expect(f.tail).toBe('rest');
    const later = parseFields('R=s T=');
    expect({ ...mergedValues(f.values, later.values) }).toMatchObject({ R: 's', T: '', S: '13', A: 'a' });
  });
});

describe('sizes', () => {
  test('read by hand as parseInt reads them', () => {
    const probes = ['0', '007', '393418', '12x', '999999999999999', '9999999999999999', '12345678901234567890', ' 5', '-3', '+4', 'x', '', '1e3', '0x10'];
    for (const p of probes) {
      const n = Number.parseInt(p, 10);
      expect(int(p), p).toBe(Number.isNaN(n) ? undefined : n);
    }
    expect(int(undefined)).toBeUndefined();
  });
});

describe('the recipient a delivery line starts with, read as the expression reads it', () => {
  const RCPT = /^(?<rcpt>"[^"]*"@\S+|\S+?)(?<colon>:)?(?: <(?<orig>[^>]*)>)?(?: \((?<parent>[^)]*)\))?(?=:| |$)/;
  const byRegex = (s: string): unknown => {
    const m = RCPT.exec(s);
    if (!m) return null;
    const g = m.groups!;
    return { rcpt: g.rcpt, colon: g.colon !== undefined, orig: g.orig, parent: g.parent, end: m[0].length };
  };
  const addrs = ['a@b.example', 'dave', '"x y"@b.example', '"x"y', ':a', 'a:b', 'a\tb', ' a', ''];
  const afters = ['', ':', ': text', ':x', ' <o@b.example>', ':<o@b>', ': <o@b.example>', ' <o@b', ' <o>x', ' (p@b.example)', ' (p', ' <o> (p)', ' <o> (p)x', ' (p) <o>'];
  const tails = ['', ' R=r T=t', ': error', 'x', '\tx'];
  const lines = addrs.flatMap((a) => afters.flatMap((m) => tails.map((t) => a + m + t)));

  test(`${lines.length} built lines`, () => {
    const differ = lines.filter((l) => {
      const r = readRecipient(l);
      const got = r === null ? null : { rcpt: r.rcpt, colon: r.colon, orig: r.orig, parent: r.parent, end: r.end };
      return JSON.stringify(got) !== JSON.stringify(byRegex(l));
    });
    expect(differ).toEqual([]);
  });
});
