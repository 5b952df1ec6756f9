import { describe, expect, test } from 'vitest';
import { LineParser } from '../../src/parse/index.js';
import { analysed, linesOf } from '../model/split-helpers.js';
import { iso, prefixTests, type PrefixCase } from './prefix-cases.js';

// The formats of syslog daemons other than rsyslog's defaults: BusyBox's (Alpine's system logger),
// RFC 5424 files, and raw "<PRI>" captures. The files are the lab's Postfix lines re-sent to the
// real daemons (fixtures/README.md, syslog-daemons/).

const CONNECT = 'connect from unknown[127.0.0.42]';

describe('prefixes of other syslog daemons', () => {
  const cases: PrefixCase[] = [
    {
      name: 'BusyBox syslogd: facility.level between host and tag',
      line: 'Nov 28 17:59:38 vm mail.info postfix/smtpd[7163]: connect from unknown[127.0.0.42]',
      ts: '2026-11-28T17:59:38.000Z', host: 'vm', program: 'postfix/smtpd', pid: 7163, message: CONNECT,
    },
    {
      name: 'BusyBox syslogd -S: no host name',
      line: 'Nov 28 17:59:38 postfix/smtpd[7163]: connect from unknown[127.0.0.42]',
      ts: '2026-11-28T17:59:38.000Z', host: '', program: 'postfix/smtpd', pid: 7163, message: CONNECT,
    },
    {
      name: 'Solaris and illumos: a message id and the facility and level before the message',
      line: 'Nov 28 17:59:38 vm postfix/smtpd[7163]: [ID 197553 mail.info] connect from unknown[127.0.0.42]',
      ts: '2026-11-28T17:59:38.000Z', host: 'vm', program: 'postfix/smtpd', pid: 7163, message: CONNECT,
    },
    {
      name: 'a host named by an IPv6 address that ends in "::" is still a host',
      line: 'Nov 28 17:59:38 2001:db8:: postfix/smtpd[7163]: connect from unknown[127.0.0.42]',
      ts: '2026-11-28T17:59:38.000Z', host: '2001:db8::', program: 'postfix/smtpd', pid: 7163, message: CONNECT,
    },
    {
      name: 'what syslog(3) sends, captured raw: <PRI> and no host name',
      line: '<22>Nov 28 17:59:38 postfix/smtpd[7163]: connect from unknown[127.0.0.42]',
      ts: '2026-11-28T17:59:38.000Z', host: '', program: 'postfix/smtpd', pid: 7163, message: CONNECT,
    },
    {
      name: '<PRI> before an RFC 3339 line',
      line: '<22>2026-11-28T17:59:38.5+01:00 vm postfix/smtpd[7163]: connect from unknown[127.0.0.42]',
      ts: '2026-11-28T16:59:38.500Z', host: 'vm', program: 'postfix/smtpd', pid: 7163, message: CONNECT,
    },
    {
      name: 'RFC 5424 as rsyslog writes it (a space before the message)',
      line: '<22>1 2026-11-28T17:59:38+00:00 vm postfix/smtpd 7163 - -  connect from unknown[127.0.0.42]',
      ts: '2026-11-28T17:59:38.000Z', host: 'vm', program: 'postfix/smtpd', pid: 7163, message: CONNECT,
    },
    {
      name: 'RFC 5424 with nil stamp, host, process id and message id',
      line: '<22>1 - - postfix/smtpd - - - connect from unknown[127.0.0.42]',
      ts: null, host: '', program: 'postfix/smtpd', pid: null, message: CONNECT,
    },
    {
      name: 'RFC 5424 with structured data (an escaped "]" and quote in a value) and a byte-order mark',
      line: '<22>1 2026-11-28T17:59:38.123456Z mx.example postfix-out/smtpd 77 ID47 [origin ip="192.0.2.1" x="a\\]b\\"c"][meta sequenceId="1"] \ufeffconnect from unknown[127.0.0.42]',
      ts: '2026-11-28T17:59:38.123Z', host: 'mx.example', program: 'postfix-out/smtpd', pid: 77, message: CONNECT,
    },
    {
      name: 'Exim through BusyBox -S: no host, and Exim\'s own stamp inside (syslog_timestamp), which wins',
      line: 'Nov 28 18:14:31 exim[15590]: 2026-11-28 18:14:31.250 1vPSQ3-00042D-0P <= alice@lab.example H=(client.lab.example) [127.0.0.1] P=esmtp S=405',
      ts: '2026-11-28T18:14:31.250Z', host: '', program: 'exim', pid: 15590, message: '1vPSQ3-00042D-0P <= alice@lab.example H=(client.lab.example) [127.0.0.1] P=esmtp S=405',
    },
  ];
  prefixTests(cases);

  test('what only looks like those prefixes is no prefix', () => {
    for (const line of [
      '<22>1 2026-11-28T17:59:38Z vm postfix/smtpd 7163 - [unclosed connect from unknown[127.0.0.42]',
      '<22>1 2026-11-28T17:59:38Z vm postfix/smtpd 7163',
      '<1234>Nov 28 17:59:38 vm postfix/smtpd[7163]: connect from unknown[127.0.0.42]',
      '<22 Nov 28 17:59:38 vm postfix/smtpd[7163]: connect from unknown[127.0.0.42]',
      // not a facility: the line is "host TAG" with a space in the tag
      'Nov 28 17:59:38 vm mailbox.info postfix/smtpd[7163]: connect from unknown[127.0.0.42]',
    ]) {
      expect(new LineParser({ year: 2026 }).parse(line), line).toMatchObject({ type: 'miss', rec: null });
    }
  });

  test('rsyslog\'s RFC 5424 program without the daemon: the line\'s shape names it when one daemon writes it', () => {
    const p = new LineParser({ year: 2026 });
    const rec = (line: string) => p.parse(line).rec!;
    expect(rec('<22>1 2026-11-28T17:59:38+00:00 vm postfix 7163 - -  connect from unknown[127.0.0.42]').program).toBe('postfix/smtpd');
    expect(rec('<22>1 2026-11-28T17:59:38+00:00 vm postfix-out 7162 - -  CONNECT from [127.0.0.83]:50853 to [127.0.0.1]:25').program).toBe('postfix-out/postscreen');
    // a delivery line: smtp and lmtp name a server, local agents a transport
    const smtp = p.parse('<22>1 2026-11-28T17:59:39+00:00 vm postfix 8001 - -  DC16D160296: to=<a@b.test>, relay=127.0.0.1[127.0.0.1]:2526, delay=0.18, delays=0.09/0/0.05/0.04, dsn=5.1.1, status=bounced (host 127.0.0.1[127.0.0.1] said: 550 5.1.1 unknown (in reply to RCPT TO command))');
    const local = p.parse('<22>1 2026-11-28T17:59:39+00:00 vm postfix 8002 - -  0BB771602B2: to=<erin@lab.example>, relay=local, delay=0.01, delays=0/0.01/0/0, dsn=2.0.0, status=sent (delivered to mailbox)');
    expect(smtp.type === 'event' && smtp.event.pattern).toBe('postfix.delivery.status');
    expect(local.type === 'event' && local.event.pattern).toBe('postfix.delivery.local-agent');
    // a shape any daemon writes keeps the name as logged, whatever the process wrote before
    expect(rec('<20>1 2026-11-28T17:59:40+00:00 vm postfix 7163 - -  warning: TLS library problem: error:0A00010B:SSL routines::wrong version number').program).toBe('postfix');
  });
});

/** The tables' rows with the columns that hold the raw line, or that the format cannot carry, set aside. */
function without(tables: Record<string, string[]>, drop: string[], rows = (r: Record<string, unknown>) => r): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [t, list] of Object.entries(tables)) {
    if (t === 'misses' || t === 'miss_minutes' || t === 'line_stats' || t === 'line_minutes') continue;
    out[t] = list.map((j) => {
      const r = rows(JSON.parse(j) as Record<string, unknown>);
      for (const k of drop) delete r[k];
      return JSON.stringify(r);
    }).sort();
  }
  return out;
}

describe('the lab\'s Postfix log written by other syslog daemons', () => {
  const lab = analysed(linesOf('fixtures/lab/postfix-syslog.log'));
  const lines = (t: Record<string, string[]>): number => t.line_stats!.reduce((n, j) => n + (JSON.parse(j) as { parsed: number }).parsed, 0);

  // the daemon's own start and stop notices, written with no tag, are another program's lines (foreign),
  // counted under the file's host: neither misses nor a host named "syslogd"
  const daemonLines = (t: Record<string, string[]>): unknown[] => t.line_stats!
    .map((j) => JSON.parse(j) as { host: string; mta: string; lines: number; unparsed: number; foreign_lines: number })
    .filter((r) => r.mta === '')
    .map(({ host, lines: n, unparsed, foreign_lines }) => ({ host, lines: n, unparsed, foreign_lines }));

  test('BusyBox: the same rows as rsyslog\'s file; its own start and stop lines are the daemon\'s, not misses', () => {
    const bb = analysed(linesOf('fixtures/syslog-daemons/busybox-messages.log'));
    expect(without(bb, ['line'])).toEqual(without(lab, ['line']));
    expect(bb.misses).toEqual([]);
    expect(lines(bb)).toBe(714);
    expect(daemonLines(bb)).toEqual([{ host: 'vm', lines: 2, unparsed: 0, foreign_lines: 2 }]);
  });

  test('BusyBox -S: the same rows, under no host', () => {
    const small = analysed(linesOf('fixtures/syslog-daemons/busybox-small.log'));
    const noHost = (r: Record<string, unknown>): Record<string, unknown> => ('host' in r ? { ...r, host: r.host === '' ? 'vm' : r.host } : r);
    expect(without(small, ['line'], noHost)).toEqual(without(lab, ['line']));
    expect(lines(small)).toBe(714);
    expect(small.misses).toEqual([]);
    expect(daemonLines(small)).toEqual([{ host: '', lines: 2, unparsed: 0, foreign_lines: 2 }]);
  });

  test('RFC 5424 with the full program name: the same rows', () => {
    const full = analysed(linesOf('fixtures/syslog-daemons/rsyslog-rfc5424.log'));
    expect(without(full, ['line'])).toEqual(without(lab, ['line']));
  });

  test('RFC 5424 with "postfix" alone: the same rows but for the program names, which the sessions get back', () => {
    const lost = analysed(linesOf('fixtures/syslog-daemons/rsyslog-rfc5424-daemon-lost.log'));
    expect(lines(lost)).toBe(714);
    // but one line: smtpd's "queue file size limit exceeded" (a refusal, 552 5.3.4) is word for word
    // cleanup's warning about the same message, so without the daemon's name both stay warnings, as
    // if cleanup had written both
    const size = 'postfix/smtpd[7163]: warning: EBF3C1602AE: queue file size limit exceeded';
    const labSizeUnknown = analysed(linesOf('fixtures/lab/postfix-syslog.log').map((l) => l.replace(size, size.replace('smtpd', 'cleanup'))));
    expect(without(lost, ['line', 'program'])).toEqual(without(labSizeUnknown, ['line', 'program']));
    expect(lost.problems!.filter((j) => j.includes('queue file size limit exceeded'))).toHaveLength(2);
    expect(lab.replies!.filter((j) => j.includes('queue file size limit exceeded'))).toHaveLength(1);
    const programs = new Set(lost.sessions!.map((j) => (JSON.parse(j) as { program: string }).program));
    expect([...programs].sort()).toEqual(['postfix/postscreen', 'postfix/smtpd']);
  });
});

describe('a collector\'s time before each line (docker logs -t, kubectl logs --timestamps)', () => {
  const stamp = '2026-11-28T17:59:38.123456789Z ';
  test('the line\'s own prefix is read, and its own time wins; a line with none takes the collector\'s', () => {
    const p = new LineParser({ year: 2026 });
    const cases: Array<[string, string, string, string]> = [
      ['Nov 28 17:59:38 mx postfix/smtpd[7163]: connect from unknown[127.0.0.42]', 'mx', 'postfix/smtpd', '2026-11-28T17:59:38.000Z'],
      ['postfix/smtpd[7163]: connect from unknown[127.0.0.42]', '', 'postfix/smtpd', '2026-11-28T17:59:38.123Z'],
      ['2026-11-28 17:59:38 1vPSQ3-00042D-0P <= alice@lab.example H=(client.lab.example) [127.0.0.1] P=esmtp S=405', '', 'exim', '2026-11-28T17:59:38.000Z'],
    ];
    for (const [line, host, program, ts] of cases) {
      const out = p.parse(stamp + line);
      expect(out.type, line).toBe('event');
      expect({ host: out.rec!.host, program: out.rec!.program, ts: iso(out.rec!.ts), raw: out.rec!.raw }).toEqual({ host, program, ts, raw: stamp + line });
    }
    expect(p.parse(`${stamp}hello world`)).toMatchObject({ type: 'miss', rec: null, line: `${stamp}hello world` });
  });

  test('the lab\'s log with a collector\'s time before each line gives the lab\'s rows', () => {
    // (the times are made from each line's own: docker's are the moments it read the lines)
    const lines = linesOf('fixtures/lab/postfix-syslog.log');
    const stamped = lines.map((l) => `${new Date(`${l.slice(0, 15)} 2026 UTC`).toISOString().replace('.000Z', '.000000042Z')} ${l}`);
    expect(without(analysed(stamped), ['line'])).toEqual(without(analysed(lines), ['line']));
  });
});

