import { describe, expect, test } from 'vitest';
import { LineParser } from '../../src/parse/index.js';
import type { MailEvent } from '../../src/model/types.js';

// Lines from the Exim test suite's expected mainlog (fixtures/corpus/exim) that carry no
// client rejection, and the whole event each must become: a remote's AUTH refusal is an
// outbound reply, a system-filter freeze is a hold, a TLS error without a library call
// still ends the session, and the Ci= connection id does not hide the peer.

type Expected = Omit<MailEvent, 'mta'>;

const cases: Array<{ line: string; event: Expected }> = [
  {
    line: '1999-03-02 09:44:33 10HmaZ-000000005vi-0000 plain authenticator failed H=127.0.0.1 [127.0.0.1] 535 Sorry, authentication failed',
    event: {
      kind: 'remote-error', pattern: 'exim.client-auth-failed', queueId: '10HmaZ-000000005vi-0000', detail: '535 Sorry, authentication failed',
      relayHost: '127.0.0.1', relayIp: '127.0.0.1', afterStage: 'AUTH', extra: { authenticator: 'plain' },
      reply: { code: 535, codeDerived: false, enhanced: null, text: 'Sorry, authentication failed', stage: 'AUTH', direction: 'outbound' },
    },
  },
  {
    line: '1999-03-02 09:44:33 10HmbG-000000005vi-0000 login authenticator cancelled authentication H=127.0.0.1 [127.0.0.1] Invalid base64 string in server response "334 User?"',
    event: {
      kind: 'remote-error', pattern: 'exim.client-auth-failed', queueId: '10HmbG-000000005vi-0000', detail: 'Invalid base64 string in server response "334 User?"',
      relayHost: '127.0.0.1', relayIp: '127.0.0.1', afterStage: 'AUTH', extra: { authenticator: 'login' },
    },
  },
  {
    line: '1999-03-02 09:44:33 SMTP connection Ci=p1239 from (test) [ip4.ip4.ip4.ip4]:10003 I=[ip4.ip4.ip4.ip4]:PORT_D D=qqs closed by QUIT',
    event: { kind: 'disconnect', pattern: 'exim.session.quit', helo: 'test', clientIp: 'ip4.ip4.ip4.ip4', clientPort: 10003 },
  },
  {
    line: '1999-03-02 09:44:33 SMTP connection Ci=p1234 from localhost (myhost.test.ex) [127.0.0.1] lost while reading message data (header)',
    event: {
      kind: 'stall', pattern: 'exim.session.lost-data', clientHost: 'localhost', helo: 'myhost.test.ex', clientIp: '127.0.0.1',
      stallKind: 'inbound.lost-after-data', afterStage: 'DATA', endReason: 'lost', detail: 'header',
    },
  },
  {
    line: '1999-03-02 09:44:33 SMTP connection from (close.rhu.barb) [127.0.0.1] D=qqs closed by EOF',
    event: { kind: 'session-end', pattern: 'exim.session.eof', helo: 'close.rhu.barb', clientIp: '127.0.0.1', endReason: 'eof' },
  },
  {
    line: "1999-03-02 09:44:33 TLS error on connection from localhost (myhost.test.ex) [127.0.0.1] Unknown curve name in tls_eccurve 'bogus'",
    event: {
      kind: 'session-end', pattern: 'exim.session.tls-error', clientHost: 'localhost', helo: 'myhost.test.ex', clientIp: '127.0.0.1',
      endReason: 'tls-error', afterStage: 'STARTTLS', detail: "Unknown curve name in tls_eccurve 'bogus'", tlsFailure: 'inbound',
    },
  },
  {
    line: '1999-03-02 09:44:33 10HmbA-000000005vi-0000 Frozen by the system filter: subject was "should freeze this"',
    event: { kind: 'hold', pattern: 'exim.filter.frozen', queueId: '10HmbA-000000005vi-0000', detail: 'frozen by the system filter: subject was "should freeze this"' },
  },
  {
    line: '1999-03-02 09:44:33 10HmaX-000000005vi-0000 Error in system filter: "non/absolute/file" is not an absolute path',
    event: { kind: 'problem', pattern: 'exim.filter.error', severity: 'error', queueId: '10HmaX-000000005vi-0000', detail: 'system filter: "non/absolute/file" is not an absolute path' },
  },
  {
    line: '1999-03-02 09:44:33 spool directory space check failed: space=xxxxx inodes=xxxxx',
    event: { kind: 'problem', pattern: 'exim.spool-space', severity: 'warning', detail: 'spool directory space check failed: space=xxxxx inodes=xxxxx' },
  },
  {
    line: '1999-03-02 09:44:33 10HmaY-000000005vi-0000 PRDR R=<usery@test.ex> temporary refusal',
    event: { kind: 'info', pattern: 'exim.prdr', queueId: '10HmaY-000000005vi-0000', detail: 'PRDR temporary refusal', recipient: 'usery@test.ex', extra: { prdr: 'temporary refusal' } },
  },
  {
    line: "1999-03-02 09:44:33 Start 'nosuchqueue' queue run: pid=p1235",
    event: { kind: 'info', pattern: 'exim.queue-run', detail: 'start queue run', extra: { queue: 'nosuchqueue' } },
  },
];

describe('exim note lines -> events', () => {
  for (const c of cases) {
    test(c.line.slice(0, 140), () => {
      const out = new LineParser({ year: 2026 }).parse(c.line);
      expect(out.type).toBe('event');
      if (out.type !== 'event') return;
      expect(out.event).toEqual({ ...c.event, mta: 'exim' });
    });
  }

  test('text a configuration wrote with logwrite stays unparsed and is kept as a miss', () => {
    // from test 0021: "accept logwrite = $sender_host_address accepted by connect ACL"
    const line = '1999-03-02 09:44:33 10.9.8.8 accepted by connect ACL';
    const out = new LineParser({ year: 2026 }).parse(line);
    expect(out).toMatchObject({ type: 'miss', mta: 'exim', line });
  });
});
