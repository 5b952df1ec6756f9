import { Readable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { journalEntryToItem, readJournal, parseCursor, type JournalItem } from '../../src/ingest/journald.js';
import { LineParser } from '../../src/parse/index.js';
import { classifyHead } from '../../src/ingest/sniff.js';

const cursor = (i: number, s = 'abc') =>
  `s=${s};i=${i.toString(16)};b=0f;m=1a;t=${(1795000000000000 + i).toString(16)};x=99`;

function entry(i: number, message: unknown, extra: Record<string, unknown> = {}) {
  return {
    __CURSOR: cursor(i),
    __REALTIME_TIMESTAMP: String(1795896000123456 + i * 1_000_000),
    _HOSTNAME: 'mx1',
    SYSLOG_IDENTIFIER: 'postfix/smtpd',
    _PID: '4242',
    MESSAGE: message,
    ...extra,
  };
}

const bytes = (s: string) => [...Buffer.from(s, 'utf8')];

/** Feeds text in small chunks so that objects and strings split across reads. */
function chunked(text: string, size: number): Readable {
  const buf = Buffer.from(text, 'utf8');
  const parts: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) parts.push(buf.subarray(i, i + size));
  return Readable.from(parts);
}

async function collect(it: AsyncIterable<JournalItem>) {
  const out: JournalItem[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('journald entry to record', () => {
  const cases = [
    { name: 'string MESSAGE', message: 'connect from a.example[192.0.2.1]', want: 'connect from a.example[192.0.2.1]' },
    { name: 'MESSAGE as UTF-8 bytes', message: bytes('reject: RCPT from x: 550 5.1.1 <jörg@example.org>'), want: 'reject: RCPT from x: 550 5.1.1 <jörg@example.org>' },
    { name: 'repeated field: first string wins', message: ['first', 'second'], want: 'first' },
    { name: 'repeated field: bytes then string', message: [bytes('bin\x01'), 'text'], want: 'bin\x01' },
    { name: 'invalid UTF-8 bytes become U+FFFD', message: [0x61, 0xff, 0x62], want: 'a\ufffdb' },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const item = journalEntryToItem(entry(1, c.message) as never);
      expect(item.rec).toMatchObject({
        message: c.want, host: 'mx1', program: 'postfix/smtpd', service: 'smtpd', pid: 4242, ts: 1795896001123,
      });
      expect(item.cursor).toBe(cursor(1));
    });
  }

  test('a realtime stamp past the last time a Date holds is read as no time, not an error that stopped the file', () => {
    const item = journalEntryToItem({ ...entry(1, 'connect from a.example[192.0.2.1]'), __REALTIME_TIMESTAMP: '99999999999999999999999' } as never);
    expect(item.rec).toMatchObject({ ts: null, program: 'postfix/smtpd', message: 'connect from a.example[192.0.2.1]' });
    expect(item.raw).toMatch(/^- mx1 postfix\/smtpd/);
  });

  test('null MESSAGE gives no record but a described raw line', () => {
    const item = journalEntryToItem(entry(1, null) as never);
    expect(item.rec).toBeNull();
    expect(item.raw).toContain('MESSAGE null');
    // its program and time are known: it is listed under them, with a shape of plain words
    expect(item.stub).toMatchObject({ program: 'postfix/smtpd', host: 'mx1', ts: 1795896001123, message: 'MESSAGE null (too large for the export; use journalctl --all)' });
  });

  test('the raw line reads back through the syslog parser to the same record', () => {
    const item = journalEntryToItem(entry(3, 'connect from a.example[192.0.2.1]') as never);
    const out = new LineParser().parse(item.raw);
    expect(out.type).toBe('event');
    if (out.type !== 'event') return;
    const { raw: _a, ...back } = out.rec;
    const { raw: _b, ...orig } = item.rec!;
    expect(back).toEqual(orig);
  });

  test('a MESSAGE that is a whole syslog line (a container logging to its standard output) is read as that line', () => {
    const line = 'Nov 28 17:59:38 mx postfix/smtpd[7163]: NOQUEUE: reject: RCPT from unknown[203.0.113.41]: 550 5.1.1 <xyz@example.org>: Recipient address rejected: User unknown in local recipient table; from=<b@vendor.test> to=<xyz@example.org> proto=ESMTP helo=<mail.vendor.test>';
    // Docker's journald driver: the identifier is the container's id, the process dockerd
    const item = journalEntryToItem({ ...entry(1, line), SYSLOG_IDENTIFIER: '3f2a9c1d7b4e', _COMM: 'dockerd', CONTAINER_NAME: 'postfix' } as never);
    expect(item.raw).toBe(line);
    const out = new LineParser({ year: 2026 }).parse(item.raw);
    expect(out).toMatchObject({ type: 'event', mta: 'postfix', rec: { host: 'mx', program: 'postfix/smtpd', pid: 7163 } });
    // a message that merely begins with a time is still the journal's
    const exim = journalEntryToItem({ ...entry(2, '2026-11-28 18:12:52 1xXMvW-0004Dm-0B Completed'), SYSLOG_IDENTIFIER: 'exim' } as never);
    expect(exim.raw).toMatch(/ mx1 exim\[4242\]: 2026-11-28 18:12:52 1xXMvW-0004Dm-0B Completed$/);
  });

  test('SYSLOG_PID and _COMM stand in when _PID and SYSLOG_IDENTIFIER are missing', () => {
    const item = journalEntryToItem({ MESSAGE: 'x', _COMM: 'exim4', SYSLOG_PID: '7' } as never);
    expect(item.rec).toMatchObject({ program: 'exim4', service: 'exim4', pid: 7, ts: null, host: '' });
  });
});

describe('cursor and position', () => {
  test('s= and i= place an entry; its unit and identifier name its stream', () => {
    const item = journalEntryToItem(entry(5, 'x', { _SYSTEMD_UNIT: 'postfix@-.service' }) as never);
    expect(item.pos).toEqual({ scope: 'journal:abc', stream: 'postfix@-.service\u0001postfix/smtpd', at: 5n });
  });
  test('a cursor without t= (or with parts in another order) still places the entry', () => {
    expect(parseCursor('i=1f;s=abc')).toEqual({ s: 'abc', i: 31n });
    expect(journalEntryToItem({ __CURSOR: 's=abc;i=7', MESSAGE: 'x', SYSLOG_IDENTIFIER: 'postfix/qmgr' } as never).pos?.at).toBe(7n);
  });
  test('without a usable cursor: host and realtime; without either: no position', () => {
    expect(journalEntryToItem({ __CURSOR: 'nonsense', __REALTIME_TIMESTAMP: '1795896000123456', _HOSTNAME: 'mx', MESSAGE: 'x' } as never).pos)
      .toEqual({ scope: 'journal-host:mx', stream: '\u0001', at: 1795896000123456n });
    expect(journalEntryToItem({ MESSAGE: 'x' } as never).pos).toBeNull();
    expect(parseCursor('nonsense')).toBeNull();
  });
});

describe('reading a journald export', () => {
  const entries = [
    entry(1, 'connect from a.example[192.0.2.1]'),
    entry(2, bytes('disconnect from a.example[192.0.2.1] ehlo=1 quit=1 commands=2')),
    entry(3, null),
    entry(4, ['lost connection after DATA from a.example[192.0.2.1]', 'dup']),
  ];
  const jsonl = entries.map((e) => JSON.stringify(e)).join('\n') + '\n';
  const array = '[\n' + entries.map((e) => JSON.stringify(e, null, 1)).join(',\n') + '\n]\n';

  for (const size of [1, 7, 4096]) {
    test(`JSON Lines in ${size}-byte chunks`, async () => {
      const got = await collect(readJournal(chunked(jsonl, size), { shape: 'lines' }));
      expect(got.map((g) => g.rec?.message ?? null)).toEqual([
        'connect from a.example[192.0.2.1]',
        'disconnect from a.example[192.0.2.1] ehlo=1 quit=1 commands=2',
        null,
        'lost connection after DATA from a.example[192.0.2.1]',
      ]);
      expect(got.map((g) => g.cursor)).toEqual([1, 2, 3, 4].map((i) => cursor(i)));
    });
    test(`one JSON array in ${size}-byte chunks`, async () => {
      const got = await collect(readJournal(chunked(array, size), { shape: 'array' }));
      expect(got.map((g) => g.rec?.message ?? null)).toEqual([
        'connect from a.example[192.0.2.1]',
        'disconnect from a.example[192.0.2.1] ehlo=1 quit=1 commands=2',
        null,
        'lost connection after DATA from a.example[192.0.2.1]',
      ]);
    });
  }

  test('journalctl -o json-seq: each entry after its record separator (RFC 7464)', async () => {
    const seq = entries.map((e) => `\x1e${JSON.stringify(e)}\n`).join('');
    expect(classifyHead(seq)).toEqual({ type: 'journald', shape: 'lines' });
    const got = await collect(readJournal(chunked(seq, 7), { shape: 'lines' }));
    expect(got.map((g) => g.rec?.message ?? null)).toEqual([
      'connect from a.example[192.0.2.1]',
      'disconnect from a.example[192.0.2.1] ehlo=1 quit=1 commands=2',
      null,
      'lost connection after DATA from a.example[192.0.2.1]',
    ]);
    expect(got.filter((g) => g.damaged)).toEqual([]);
  });

  test('a scalar in the stream is reported, not dropped', async () => {
    const got = await collect(readJournal(chunked('42\n' + JSON.stringify(entries[0]) + '\n', 5), { shape: 'lines' }));
    expect(got).toHaveLength(2);
    expect(got[0]!.rec).toBeNull();
    expect(got[0]!.raw).toBe('line 1: 42');
    expect(got[0]!.stub?.message).toBe('not a journal entry');
  });

  test('a damaged line is handed on with its line number, and the lines after it are read', async () => {
    const text = JSON.stringify(entries[0]) + '\n{"__CURSOR": "s=abc;i=ff\n' + JSON.stringify(entries[1]) + '\n';
    const got = await collect(readJournal(chunked(text, 5), { shape: 'lines' }));
    expect(got.map((g) => g.damaged ?? false)).toEqual([false, true, false]);
    expect(got[1]!.raw).toBe('line 2: {"__CURSOR": "s=abc;i=ff');
    expect(got[1]!.stub).toMatchObject({ program: '(journal)', message: 'damaged JSON entry, not read' });
    expect(got[2]!.rec?.message).toBe('disconnect from a.example[192.0.2.1] ehlo=1 quit=1 commands=2');
  });

  test('journalctl -o json-pretty: objects over several lines, a damaged one costs only itself', async () => {
    const pretty = (e: object) => JSON.stringify(e, null, 8).replace(/^ {8}/gm, '\t');
    const text = `${pretty(entries[0]!)}\n{\n\t"MESSAGE" : "cut\n}\n${pretty(entries[3]!)}\n`;
    const got = await collect(readJournal(chunked(text, 7), { shape: 'lines' }));
    expect(got.map((g) => g.rec?.message ?? (g.damaged ? 'damaged' : null))).toEqual([
      'connect from a.example[192.0.2.1]', 'damaged', 'lost connection after DATA from a.example[192.0.2.1]',
    ]);
  });

  test('an array damaged in the middle: every entry before it, then one error naming the entry and byte', async () => {
    const text = '[' + JSON.stringify(entries[0]) + ',\n{"__CURSOR": "s=abc;i=ff\n,' + JSON.stringify(entries[1]) + ']';
    const got: JournalItem[] = [];
    await expect((async () => {
      for await (const x of readJournal(chunked(text, 3), { shape: 'array' })) got.push(x);
    })()).rejects.toThrow(/^entry 2 is damaged \((?:cut short|JSON error: [^;]+); reading stopped at byte \d+\)/);
    expect(got.map((g) => g.rec?.message)).toEqual(['connect from a.example[192.0.2.1]']);
  });

  test('many entries stream in bounded memory', async () => {
    const n = 5_000;
    function* gen() {
      for (let i = 0; i < n; i++) yield JSON.stringify(entry(i, `message number ${i}`)) + '\n';
    }
    let count = 0;
    for await (const x of readJournal(Readable.from(gen()), { shape: 'lines' })) if (x.rec) count++;
    expect(count).toBe(n);
  });
});
