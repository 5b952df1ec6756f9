import { Readable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { DockerJoiner, parseTime, readDocker, timeNs, withTimePrefix, type DockerLine } from '../../src/ingest/docker.js';
import { classifyHead, journalFileKind, sniffStream } from '../../src/ingest/sniff.js';

describe('docker json-file', () => {
  test('split long lines are joined, newline removed', () => {
    const j = new DockerJoiner();
    expect(j.push({ log: 'part one ', stream: 'stdout', time: '2026-11-28T18:00:00.123456789Z' })).toBeNull();
    expect(j.push({ log: "part two\n", stream: "stdout", time: "2026-11-28T18:00:01Z" })).toMatchObject({
      line: 'part one part two', time: Date.parse('2026-11-28T18:00:00.123Z'), stream: 'stdout',
    });
    expect(j.push({ log: 'tail without newline' })).toBeNull();
    expect(j.end()).toMatchObject({ line: "tail without newline", time: null, stream: null });
  });

  test('resume positions compare in exact nanoseconds, whatever the fraction length', () => {
    // Go trims trailing zeros: .12345 is .123450000, which is earlier than .123456789
    expect(timeNs('2026-11-28T18:00:00.12345Z')! < timeNs('2026-11-28T18:00:00.123456789Z')!).toBe(true);
    expect(timeNs('2026-11-28T18:00:00Z')).toBe(1795888800000000000n);
    expect(timeNs('2026-11-28T19:00:00.000000001+01:00')).toBe(1795888800000000001n);
    expect(timeNs('garbage')).toBeNull();
  });

  test('nanosecond and offset times', () => {
    expect(parseTime('2026-11-28T18:00:00.987654321Z')).toBe(Date.parse('2026-11-28T18:00:00.987Z'));
    expect(parseTime('2026-11-28T19:00:00+01:00')).toBe(Date.parse('2026-11-28T18:00:00Z'));
    expect(parseTime('yesterday')).toBeNull();
  });

  const stamp = Date.parse('2026-11-28T18:00:00Z');
  const prefixCases: { d: DockerLine; want: string }[] = [
    { d: { line: 'Nov 28 18:00:00 mx postfix/smtpd[1]: connect from x[192.0.2.1]', time: stamp, stream: null },
      want: 'Nov 28 18:00:00 mx postfix/smtpd[1]: connect from x[192.0.2.1]' },
    { d: { line: '2026-11-28 18:00:00 1abc-000001-AB <= a@b.example', time: stamp, stream: null },
      want: '2026-11-28 18:00:00 1abc-000001-AB <= a@b.example' },
    { d: { line: 'postfix/smtpd[1]: connect from x[192.0.2.1]', time: stamp, stream: null },
      want: '2026-11-28T18:00:00.000Z mta postfix/smtpd[1]: connect from x[192.0.2.1]' },
    { d: { line: 'postfix/smtpd[1]: no time known', time: null, stream: null }, want: 'postfix/smtpd[1]: no time known' },
  ];
  for (const c of prefixCases) test(`prefix: ${c.d.line}`, () => expect(withTimePrefix(c.d, 'mta')).toBe(c.want));

  test('reads a json-file stream, handing on foreign objects and damaged lines with their line numbers', async () => {
    const text = [
      { log: 'postfix/smtpd[1]: connect from x[192.0.2.1]\n', stream: 'stdout', time: '2026-11-28T18:00:00Z' },
      { other: true },
      { log: 'a\r\n', stream: 'stderr', time: '2026-11-28T18:00:01Z' },
    ].map((o) => JSON.stringify(o)).join('\n') + '\n{"log":"cut sh\n{"log":"b\\n"}\n';
    const got: DockerLine[] = [];
    for await (const l of readDocker(Readable.from([Buffer.from(text)]))) got.push(l);
    expect(got.map((g) => g.line)).toEqual(['postfix/smtpd[1]: connect from x[192.0.2.1]', 'line 2: {"other":true}', 'a', 'line 4: {"log":"cut sh', 'b']);
    expect(got.map((g) => g.damaged ?? false)).toEqual([false, true, false, true, false]);
  });
});

describe('input sniffing', () => {
  const cases = [
    { name: 'syslog text', head: 'Nov 28 18:00:00 mx postfix/smtpd[1]: x\n', want: { type: 'text' } },
    { name: 'empty', head: '', want: { type: 'text' } },
    { name: 'journald lines', head: '{"__CURSOR":"s=1;i=2","MESSAGE":"x"}\n', want: { type: 'journald', shape: 'lines' } },
    { name: 'journald array with BOM and spaces', head: '\ufeff \n[ {"__REALTIME_TIMESTAMP":"1"', want: { type: 'journald', shape: 'array' } },
    { name: 'docker', head: '{"log":"x\\n","stream":"stdout","time":"2026-11-28T18:00:00Z"}', want: { type: 'docker' } },
    { name: 'unknown JSON falls back to text', head: '{"hello":"world"}', want: { type: 'text' } },
  ];
  for (const c of cases) test(c.name, () => expect(classifyHead(c.head)).toEqual(c.want));

  test('the sniffed stream replays every byte', async () => {
    const body = '{"log":"a\\n","time":"2026-11-28T18:00:00Z"}\n'.repeat(500);
    const parts = Buffer.from(body).reduce<Buffer[]>((acc, _b, i, all) => {
      if (i % 333 === 0) acc.push(all.subarray(i, i + 333));
      return acc;
    }, []);
    const { kind, stream } = await sniffStream(Readable.from(parts));
    expect(kind).toEqual({ type: 'docker' });
    const back: Buffer[] = [];
    for await (const c of stream) back.push(c as Buffer);
    expect(Buffer.concat(back).toString()).toBe(body);
  });
});

describe('what a --journal-file is read as', () => {
  const kindOf = (head: string) => journalFileKind(classifyHead(head), head, 'x.json');
  test('a Docker json-file log stays Docker', () => expect(kindOf('{"log":"a\\n","stream":"stdout","time":"2026-11-28T18:00:00Z"}\n')).toEqual({ type: 'docker' }));
  test('unusual JSON is read as a journal, by its first bracket', () => {
    expect(kindOf('{"hello":"x"}\n')).toEqual({ type: 'journald', shape: 'lines' });
    expect(kindOf('\ufeff [{"hello":"x"}]')).toEqual({ type: 'journald', shape: 'array' });
  });
  test('text is refused', () => expect(() => kindOf('Nov 28 18:00:00 mx postfix/smtpd[1]: x\n')).toThrow(/x\.json: not a journald export/));
});
