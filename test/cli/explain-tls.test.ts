import { describe, expect, test } from 'vitest';
import { runCli } from './memory-io.js';

// explain with a TLS handshake failure pasted in: no reply code, but the TLS entry that explains it.

interface Out {
  code: number | null;
  entries: Array<{ id: string; fix: string; fix_inbound?: string; fix_outbound?: string; lang: string }>;
}

const json = async (input: string, ...more: string[]): Promise<Out> => {
  const r = await runCli(['explain', input, '--format', 'json', ...more]);
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out) as Out;
};

describe('mxlens explain on a TLS failure line', () => {
  test('a bare Postfix SSL_accept message (no syslog prefix) -> its TLS entry alone, both sides\' fixes', async () => {
    const x = await json('SSL_accept error from ssl-tools.net[185.55.116.145]: -1');
    expect(x.code).toBeNull();
    expect(x.entries.map((e) => e.id)).toEqual(['tls.peer-dropped']);
    expect(x.entries[0]!.fix_inbound).toBeTruthy();
    expect(x.entries[0]!.fix_outbound).toBeTruthy();
  });

  test('the whole lab2 Postfix line with its syslog prefix, text layout', async () => {
    const r = await runCli(['explain', 'Nov 29 06:58:20 mx postfix/smtpd[5959]: warning: TLS library problem: error:0A00010B:SSL routines::wrong version number:../ssl/record/ssl3_record.c:350:']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('[tls.wrong-version]');
    expect(r.out).toMatch(/Meaning\n {2}\S/);
    // no reply was sent: the two fixes are headed by who failed
    expect(r.out).toContain('  - If a client failed with your server: ');
    expect(r.out).toContain('  - If your server failed with a remote server: ');
    expect(r.out).not.toContain('a client was refused');
    expect(r.err).toBe('');
  });

  test('an Exim inbound TLS error line from lab2, in Vietnamese', async () => {
    const x = await json('2026-11-29 06:49:50 TLS error on connection from (tls.partner.test) [127.0.0.112]:37757 (gnutls_handshake): An unexpected TLS packet was received.', '--lang', 'vi');
    expect(x.entries[0]).toMatchObject({ id: 'tls.wrong-version', lang: 'vi' });
  });

  test('an Exim deferral that failed on the certificate: the TLS entry first, then what the report shows for the line', async () => {
    const x = await json('1999-03-02 09:44:33 10HmbE-000000005vi-0000 == CALLER@test.ex R=client T=send_to_server3 defer (-37) H=127.0.0.1 [127.0.0.1]: TLS session: (certificate verification failed): certificate revoked');
    expect(x.entries[0]!.id).toBe('tls.remote-cert-unverified');
    expect(x.entries.map((e) => e.id)).toContain('text.net.tls');
    expect(x.entries.some((e) => e.id.startsWith('class.'))).toBe(false);
  });

  test('a Postfix deferral that quotes its TLS failure leads with the TLS entry the report shows for it (lab3 lines)', async () => {
    const notOffered = await json('Nov 29 13:23:45 mx postfix/smtp[22857]: 18F5B162393: to=<heidi@notls.test>, relay=127.0.0.1[127.0.0.1]:2536, delay=0.1, delays=0.01/0.04/0.06/0, dsn=4.7.4, status=deferred (TLS is required, but was not offered by host 127.0.0.1[127.0.0.1])');
    expect(notOffered.entries[0]!.id).toBe('tls.not-offered');
    const unverified = await json('Nov 29 13:23:45 mx postfix/smtp[22857]: 9AEFE16239B: to=<heidi@tlsverify.test>, relay=127.0.0.1[127.0.0.1]:2544, delay=0.09, delays=0/0/0.08/0, dsn=4.7.5, status=deferred (Server certificate not verified)');
    expect(unverified.entries[0]!.id).toBe('tls.remote-cert-unverified');
  });

  test('a TLS line no specific entry explains is still an unknown input (exit 65), not the generic TLS text', async () => {
    const r = await runCli(['explain', 'SSL_accept error from unknown[198.51.100.7]: something new']);
    expect(r.code).toBe(65);
    expect(r.err).toMatch(/no SMTP reply code or known reason/);
  });

  test('a whole TLS failure line gets the entry its stored row gets, the catch-all too, whichever side failed', async () => {
    // the report files these under tls.handshake: explain said DANE (outbound advice) or 'unknown code'
    const tlsproxy = await json('2023-03-14T17:38:16.364384+01:00 helga postfix/tlsproxy[375658]: TLS handshake failed for service=smtpd peer=[222.95.252.6]:51818');
    expect(tlsproxy.entries.map((e) => e.id)).toEqual(['tls.handshake']);
    const exim = await json('2026-11-29 06:49:57 TLS error on connection from [192.0.2.10]:48252 (SSL_accept): error:0A000438:SSL routines::tlsv1 alert internal error');
    expect(exim.entries.map((e) => e.id)).toEqual(['tls.handshake']);
    const r = await runCli(['explain', 'Nov 29 06:58:20 mx postfix/smtpd[5959]: SSL_accept error from unknown[127.0.0.114]: -1']);
    expect(r.out).toContain('as the report reads it: a TLS handshake that failed');
  });

  test('a pasted line is echoed with its control characters escaped', async () => {
    const r = await runCli(['explain', 'Nov 29 06:58:20 mx postfix/smtpd[5959]: SSL_accept error from unknown[127.0.0.114]\u001b]0;pwned\u0007\u001b[31m: -1']);
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(/[\u0007\u001b]/);
    expect(r.out).toContain('\\x1b]0;pwned\\x07');
    const c = await runCli(['compare', 'Mailbox full\u001b[2J', '550']);
    expect(c.out).not.toMatch(/\u001b/);
  });

  test('a stalled session without TLS words keeps its stall entry; a reply keeps its reply entries', async () => {
    const stall = await json('Nov 28 17:56:07 mx postfix/smtpd[4822]: lost connection after DATA (36673 bytes) from unknown[127.0.0.23]');
    expect(stall.entries.map((e) => e.id)).toEqual(['stall.inbound.lost-after-data']);
    const reply = await json('454 4.7.0 TLS not available due to local problem');
    expect(reply.entries.every((e) => !e.id.startsWith('tls.'))).toBe(true);
  });
});
