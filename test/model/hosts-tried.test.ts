import Database from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import { migrate } from '../../src/store/migrate.js';
import { analysed, analysedKilled, linesOf, run, type Db } from './split-helpers.js';

// An Exim deferral after a connection failure names no host: the transport logged the host it
// failed at on a line of its own just before ("<id> H=name [ip] Connection refused"). The
// deferral takes the host of the last such line of its message whose error is its own, whichever
// run read that line; a bounce that only says retrying ran out takes its last deferral's host.

interface Row {
  queue_id: string;
  recipient: string;
  status: string;
  relay_host: string | null;
  relay_ip: string | null;
}

/** the failed deliveries the lines give, one run per part */
function failures(...parts: string[][]): Row[] {
  const db: Db = new Database(':memory:');
  try {
    migrate(db);
    for (const p of parts) run(db, p);
    return db.prepare(`SELECT queue_id, recipient, status, relay_host, relay_ip FROM deliveries WHERE status <> 'sent' ORDER BY id`).all() as Row[];
  } finally {
    db.close();
  }
}

const SUITE = linesOf('fixtures/corpus/exim/exim-testsuite-mainlog.log');
const LAB = linesOf('fixtures/lab/exim-mainlog.log');
/** lines of a fixture by their 1-based numbers */
const pick = (lines: string[], ...at: number[]) => at.map((n) => lines[n - 1]!);
const row = (queueId: string, recipient: string, status: string, host: string | null, ip: string | null): Row =>
  ({ queue_id: queueId, recipient, status, relay_host: host, relay_ip: ip });

const cases: Array<{ name: string; lines: string[]; want: Row[] }> = [
  {
    name: 'Exim test suite: one host refused',
    lines: [
      '1999-03-02 09:44:33 10HmaX-000000005vi-0000 <= CALLER@test.ex U=CALLER P=local S=sss for userx@simple',
      '1999-03-02 09:44:33 10HmaX-000000005vi-0000 H=thishost.test.ex [127.0.0.1] Connection refused',
      '1999-03-02 09:44:33 10HmaX-000000005vi-0000 == userx@simple R=all T=smtp defer (dd): Connection refused',
    ],
    want: [row('10HmaX-000000005vi-0000', 'userx@simple', 'deferred', 'thishost.test.ex', '127.0.0.1')],
  },
  {
    name: 'lab (Exim 4.96): refused, refused again until retrying ran out, and the bounce',
    lines: pick(LAB, 217, 219, 220, 291, 459, 460, 461),
    want: [
      row('1xXMvW-0004Ds-0y', 'dave@refuse.test', 'deferred', '127.0.0.1', '127.0.0.1'),
      // a queue run that tried no host: no H= line of its attempt, another text
      row('1xXMvW-0004Ds-0y', 'dave@refuse.test', 'deferred', null, null),
      row('1xXMvW-0004Ds-0y', 'dave@refuse.test', 'deferred', '127.0.0.1', '127.0.0.1'),
      // "retry timeout exceeded": its last deferral's host
      row('1xXMvW-0004Ds-0y', 'dave@refuse.test', 'bounced', '127.0.0.1', '127.0.0.1'),
    ],
  },
  {
    // MX hosts are tried in order and the address takes the last one's error
    name: 'Exim test suite: both addresses of one host refused, the last one tried is the host',
    lines: pick(SUITE, 723, 724, 725, 726),
    want: [row('10HmaY-000000005vi-0000', 'usery@complex', 'deferred', 'thisloop.test.ex', '127.0.0.1')],
  },
  {
    name: 'Exim test suite: six hosts unreachable, then eight on the next queue run, then the bounce',
    lines: pick(SUITE, 3813, 3814, 3815, 3816, 3817, 3818, 3819, 3820, 3821, 3822, 3823, 3824, 3825, 3826, 3827, 3828, 3829, 3830, 3831, 3832),
    want: [
      row('10HmaX-000000005vi-0000', 'userx@mxt99.test.ex', 'deferred', 'black-2.test.ex', 'V4NET.11.12.14'),
      row('10HmaX-000000005vi-0000', 'userx@mxt99.test.ex', 'deferred', 'black-1.test.ex', 'V4NET.11.12.13'),
      row('10HmaX-000000005vi-0000', 'userx@mxt99.test.ex', 'bounced', 'black-1.test.ex', 'V4NET.11.12.13'),
    ],
  },
  {
    // Exim's ERRNO_AUTHFAIL deferral names no host; the authenticator's refusal before it does
    name: 'Exim test suite: the smarthost refused our login, the deferral and the bounce take it',
    lines: pick(SUITE, 8349, 8350, 8351, 8352),
    want: [
      row('10HmbB-000000005vi-0000', 'userx@authdomain.com', 'deferred', '127.0.0.1', '127.0.0.1'),
      row('10HmbB-000000005vi-0000', 'userx@authdomain.com', 'bounced', '127.0.0.1', '127.0.0.1'),
    ],
  },
  {
    // the server offered no AUTH at all: no authenticator was tried, no host line was written
    name: 'Exim test suite: AUTH required but not offered: no host',
    lines: pick(SUITE, 8357, 8358),
    want: [row('10HmbD-000000005vi-0000', 'userx@authdomain.com', 'deferred', null, null)],
  },
  {
    // Exim test suite lines 1105-1108 as a parallel delivery logs them (remote_max_parallel > 1: each
    // subprocess logs its host, the deferrals come after), with the hosts named in their domains
    name: 'two domains, the same error, the hosts first: each deferral takes the host within its domain',
    lines: [
      '1999-03-02 09:44:33 10HmaX-000000005vi-0000 H=mx.known.ex [V4NET.0.0.0] Network Error',
      '1999-03-02 09:44:33 10HmaX-000000005vi-0000 H=mx.unknown.ex [V4NET.0.0.1] Network Error',
      '1999-03-02 09:44:33 10HmaX-000000005vi-0000 == b@known.ex R=default T=smtp defer (dd): Network Error',
      '1999-03-02 09:44:33 10HmaX-000000005vi-0000 == a@unknown.ex R=default T=smtp defer (dd): Network Error',
    ],
    want: [
      row('10HmaX-000000005vi-0000', 'b@known.ex', 'deferred', 'mx.known.ex', 'V4NET.0.0.0'),
      row('10HmaX-000000005vi-0000', 'a@unknown.ex', 'deferred', 'mx.unknown.ex', 'V4NET.0.0.1'),
    ],
  },
  {
    name: 'Exim test suite: two domains, each host logged just before its deferral',
    lines: pick(SUITE, 1102, 1105, 1106, 1107, 1108),
    want: [
      row('10HmaX-000000005vi-0000', 'a@unknown.ex', 'deferred', 'V4NET.0.0.1', 'V4NET.0.0.1'),
      row('10HmaX-000000005vi-0000', 'b@known.ex', 'deferred', 'V4NET.0.0.0', 'V4NET.0.0.0'),
    ],
  },
  {
    name: 'lab: a deferral with no H= line before it has no host',
    lines: pick(LAB, 222, 224),
    want: [row('1xXMvW-0004Dx-1o', 'heidi@refuse.test', 'deferred', null, null)],
  },
  {
    // the refusal was of another host than the one the deferral is about
    name: 'Exim test suite: an H= line with another error than the deferral\'s gives it no host',
    lines: pick(SUITE, 2877, 2878, 2879),
    want: [row('10HmaX-000000005vi-0000', 'abcd@x.y.z', 'deferred', null, null)],
  },
];

describe('an Exim deferral takes the host of the H= line before it', () => {
  for (const c of cases) {
    test(c.name, () => {
      expect(failures(c.lines)).toEqual(c.want);
    });
  }

  test('the lines of one attempt do not serve the next one', () => {
    // lab lines 325 and 326 (18:14:12), then the deferral of 18:15:32 (line 417) without its own
    // H= line (416): 80 seconds on, the same error is another attempt's
    const [h, d, , later] = pick(LAB, 325, 326, 416, 417);
    expect(failures([h!, d!, later!]).map((r) => r.relay_ip)).toEqual(['127.0.0.1', null]);
  });
});

describe('a run that ends between the H= line and the deferral', () => {
  for (const c of cases) {
    test(`${c.name}: the same database as one run, wherever it is cut, also when killed`, () => {
      const want = analysed(c.lines);
      expect(failures(c.lines.slice(0, 2), c.lines.slice(2))).toEqual(c.want);
      for (let at = 1; at < c.lines.length; at++) {
        expect({ at, got: analysed(c.lines.slice(0, at), c.lines.slice(at)) }).toEqual({ at, got: want });
        expect({ at, got: analysedKilled(1, c.lines.slice(0, at), c.lines.slice(at)) }).toEqual({ at, got: want });
      }
    });
  }
});
