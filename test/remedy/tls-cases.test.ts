import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { byId, catalogue, findAllRemedies, findRemedy, findTlsRemedy, remedyId, tlsRemedyId } from '../../src/remedy/index.js';
import { LineParser } from '../../src/parse/index.js';
import { queryOf } from '../../scripts/remedy-coverage.js';
import { tlsEntries } from '../../src/remedy/tls.js';
import { fixture } from '../helpers.js';

// Real TLS failure messages as the parser hands them over: the log message after the syslog or
// Exim prefix, with Postfix's following "TLS library problem" warning joined after "; " when the
// next line carried one. src names where the line is; a URL means public material, not a fixture.

interface Case {
  text: string;
  direction: 'inbound' | 'outbound';
  id: string;
  src: string;
}

const LAB2_PF = 'fixtures/lab2/lab2-postfix.log';
const LAB2_EXIM = 'fixtures/lab2/lab2-exim-mainlog.log';
const GROK = 'fixtures/corpus/postfix/whyscream-postfix-grok-patterns.log';
const PIXEL = 'fixtures/corpus/postfix/pixelpark-postfix-logsums.log';
const EXIM = 'fixtures/corpus/exim/exim-testsuite-mainlog.log';

const cases: Case[] = [
  // Postfix smtpd, inbound
  { src: `${LAB2_PF} (lines 125-126 joined)`, direction: 'inbound', id: 'tls.wrong-version', text: 'SSL_accept error from unknown[127.0.0.114]: -1; TLS library problem: error:0A00010B:SSL routines::wrong version number:../ssl/record/ssl3_record.c:350:' },
  { src: LAB2_PF, direction: 'inbound', id: 'tls.peer-dropped', text: 'SSL_accept error from unknown[127.0.0.114]: lost connection' },
  { src: PIXEL, direction: 'inbound', id: 'tls.peer-dropped', text: 'SSL_accept error from unknown[192.210.206.189]: lost connection' },
  { src: GROK, direction: 'inbound', id: 'tls.handshake-timeout', text: 'SSL_accept error from unknown[72.13.58.7]: Connection timed out' },
  { src: GROK, direction: 'inbound', id: 'tls.peer-dropped', text: 'SSL_accept error from ssl-tools.net[185.55.116.145]: -1' },
  { src: GROK, direction: 'inbound', id: 'tls.peer-dropped', text: 'SSL_accept error from eu-smtp-delivery-201.mimecast.com[207.82.80.201]: 0' },
  // Postfix tlsproxy (postscreen): the bare line says nothing; the timeout warning comes just before it
  { src: PIXEL, direction: 'inbound', id: 'tls.handshake', text: 'TLS handshake failed for service=smtpd peer=[222.95.252.6]:51818' },
  { src: `${PIXEL} (lines 1841-1842 joined)`, direction: 'inbound', id: 'tls.handshake-timeout', text: 'TLS handshake failed for service=smtpd peer=[114.223.181.147]:59869; ciphertext read/write timeout for [114.223.181.147]:59869' },
  // Postfix smtp client, outbound
  { src: GROK, direction: 'outbound', id: 'tls.remote-cert-unverified', text: 'certificate verification failed for mail.example.com[113.169.17.115]:25: self-signed certificate.' },
  { src: GROK, direction: 'outbound', id: 'tls.remote-cert-unverified', text: 'certificate verification failed for mail.example.com[113.169.17.115]:25: untrusted issuer /C=de/L=XXX/O=XXX GmbH/CN=XX XX XXX CA/emailAddress=XX@XX' },
  { src: GROK, direction: 'outbound', id: 'tls.peer-dropped', text: 'SSL_connect error to mail.example.org[112.63.65.2]:25: lost connection' },
  { src: GROK, direction: 'outbound', id: 'tls.peer-dropped', text: 'SSL_connect error to mail.example.org[112.63.65.2]:25: -1' },
  // Exim, inbound
  { src: LAB2_EXIM, direction: 'inbound', id: 'tls.peer-dropped', text: 'TLS error on connection from (tls.partner.test) [127.0.0.112]:48243 (gnutls_handshake): The TLS connection was non-properly terminated.' },
  { src: LAB2_EXIM, direction: 'inbound', id: 'tls.wrong-version', text: 'TLS error on connection from (tls.partner.test) [127.0.0.112]:37757 (gnutls_handshake): An unexpected TLS packet was received.' },
  { src: EXIM, direction: 'inbound', id: 'tls.handshake', text: 'TLS error on connection from (helo.data.changed) [127.0.0.1] (SSL_accept): error: <<detail omitted>>' },
  { src: EXIM, direction: 'inbound', id: 'tls.peer-rejected-our-cert', text: 'TLS error on connection from localhost [127.0.0.1] (recv): A TLS fatal alert has been received: Certificate is bad' },
  { src: EXIM, direction: 'inbound', id: 'tls.peer-dropped', text: 'TLS error on connection from [127.0.0.1] (recv): The TLS connection was non-properly terminated.' },
  { src: EXIM, direction: 'inbound', id: 'tls.peer-dropped', text: 'TLS error on connection from (close.rhu.barb) [127.0.0.1] (tls lib accept fn): TCP connection closed by peer' },
  { src: EXIM, direction: 'inbound', id: 'tls.handshake-timeout', text: 'TLS error on connection from (timeout.rhu.barb) [127.0.0.1] (tls lib accept fn): timed out' },
  { src: EXIM, direction: 'inbound', id: 'tls.no-client-cert', text: 'TLS error on connection from (rhu1.barb) [ip4.ip4.ip4.ip4] (gnutls_handshake): The peer did not send any certificate.' },
  { src: EXIM, direction: 'inbound', id: 'tls.no-shared-cipher', text: 'TLS error on connection from the.local.host.name (myhost.test.ex) [ip4.ip4.ip4.ip4] (gnutls_handshake): Could not negotiate a supported cipher suite.' },
  { src: EXIM, direction: 'inbound', id: 'tls.alpn', text: 'TLS error on connection from the.local.host.name (myhost.test.ex) [ip4.ip4.ip4.ip4] (handshake): ALPN required but not negotiated' },
  { src: EXIM, direction: 'inbound', id: 'tls.alpn', text: 'TLS error on connection from [ip4.ip4.ip4.ip4] (handshake): Bad ALPN presented (http)' },
  { src: EXIM, direction: 'inbound', id: 'tls.alpn', text: 'TLS error on connection from the.local.host.name [ip4.ip4.ip4.ip4] (recv): A TLS fatal alert has been received: No supported application protocol could be negotiated' },
  { src: EXIM, direction: 'inbound', id: 'tls.our-config', text: "TLS error on connection from localhost (myhost.test.ex) [127.0.0.1] Unknown curve name in tls_eccurve 'bogus'" },
  { src: EXIM, direction: 'inbound', id: 'tls.our-config', text: 'TLS error on connection from (rhu2.barb) [ip4.ip4.ip4.ip4] (cert/key setup: cert=/non/exist key=/non/exist): Error while reading file.' },
  { src: EXIM, direction: 'inbound', id: 'tls.our-config', text: 'TLS error on connection from (rhu.barb) [ip4.ip4.ip4.ip4] (SSL_CTX_use_certificate_chain_file file=/non/exist): error:xxxxxxxx:system library:fopen:No such file or directory' },
  { src: EXIM, direction: 'inbound', id: 'tls.ocsp', text: 'TLS error on connection from (rhu.barb) [ip4.ip4.ip4.ip4] (gnutls_certificate_set_ocsp_status_request_file2): The session or certificate has expired.' },
  { src: EXIM, direction: 'inbound', id: 'tls.remote-cert-unverified', text: 'TLS error on connection from (rhu7.barb) [ip4.ip4.ip4.ip4] (certificate verification failed): certificate revoked' },
  { src: EXIM, direction: 'inbound', id: 'tls.handshake', text: 'TLS error on connection from the.local.host.name (myhost.test.ex) [ip4.ip4.ip4.ip4] (gnutls_handshake): The requested data were not available.' },
  // Exim, outbound
  { src: EXIM, direction: 'outbound', id: 'tls.remote-cert-unverified', text: 'TLS session: (certificate verification failed): certificate invalid: delivering unencrypted to H=127.0.0.1 [127.0.0.1] (not in hosts_require_tls)' },
  { src: EXIM, direction: 'outbound', id: 'tls.remote-cert-unverified', text: '== CALLER@test.ex R=client T=send_to_server3 defer (-37) H=127.0.0.1 [127.0.0.1]: TLS session: (certificate verification failed): certificate revoked' },
  { src: EXIM, direction: 'outbound', id: 'tls.remote-cert-unverified', text: 'DANE attempt failed; TLS connection to danebroken2.test.ex [127.0.0.1]: (certificate verification failed): Verification failed. CA constrains were violated. ' },
  { src: EXIM, direction: 'outbound', id: 'tls.remote-cert-unverified', text: 'TLS session: (SSL_connect) Server certificate revoked' },
  { src: EXIM, direction: 'outbound', id: 'tls.ocsp', text: 'TLS session: (certificate status check failed)' },
  { src: EXIM, direction: 'outbound', id: 'tls.ocsp', text: 'TLS session: (SSL_connect) Server certificate status is out-of-date' },
  { src: EXIM, direction: 'outbound', id: 'tls.ocsp', text: 'TLS session: (SSL_connect) Required TLS certificate status not received' },
  { src: EXIM, direction: 'outbound', id: 'tls.alpn', text: 'TLS session: (handshake): ALPN required but not negotiated' },
  { src: EXIM, direction: 'outbound', id: 'tls.handshake-timeout', text: 'TLS session: (tls lib connect fn): timed out: callout unencrypted to 127.0.0.1 [127.0.0.1] (not in hosts_require_tls)' },
  { src: EXIM, direction: 'outbound', id: 'tls.peer-dropped', text: 'TLS session: error on first read' },
  { src: EXIM, direction: 'outbound', id: 'tls.not-offered', text: 'H=127.0.0.1 [127.0.0.1]:10001: a TLS session is required, but the server did not offer TLS support' },
  { src: EXIM, direction: 'outbound', id: 'tls.handshake', text: 'TLS session: (gnutls_handshake): rxd alert: Internal error' },
  // Postfix smtpd lines quoted in public issue threads (OpenSSL reasons the fixtures do not hold)
  { src: 'https://github.com/docker-mailserver/docker-mailserver/issues/620', direction: 'inbound', id: 'tls.no-shared-cipher', text: 'SSL_accept error from d5152ddd0.static.telenet.be[81.82.221.208]: -1; TLS library problem: error:1408A0C1:SSL routines:ssl3_get_client_hello:no shared cipher:s3_srvr.c:1417:' },
  { src: 'https://github.com/trusteddomainproject/OpenDMARC/issues/156', direction: 'inbound', id: 'tls.protocol-version', text: 'SSL_accept error from medusa.blackops.org[208.69.40.157]: -1; TLS library problem: error:14209102:SSL routines:tls_early_post_process_client_hello:unsupported protocol:ssl/statem/statem_srvr.c:1686:' },
  { src: 'https://github.com/iredmail/iRedMail/issues/209', direction: 'inbound', id: 'tls.peer-dropped', text: 'SSL_accept error from mail.xgpuc.com[127.0.0.1]: -1; TLS library problem: error:0A000126:SSL routines::unexpected eof while reading:../ssl/record/rec_layer_s3.c:308:' },
  { src: 'https://github.com/bokysan/docker-postfix/issues/167', direction: 'inbound', id: 'tls.peer-rejected-our-cert', text: 'SSL_accept error from unknown[10.0.1.22]: -1; TLS library problem: error:0A000418:SSL routines::tlsv1 alert unknown ca:../ssl/record/rec_layer_s3.c:1586:SSL alert number 48:' },
  { src: 'https://github.com/mailcow/mailcow-dockerized/issues/4300', direction: 'inbound', id: 'tls.peer-rejected-our-cert', text: 'SSL_accept error from unknown[ip]: -1; TLS library problem: error:14094415:SSL routines:ssl3_read_bytes:sslv3 alert certificate expired:../ssl/record/rec_layer_s3.c:1544:SSL alert number 45:' },
];

describe('TLS failure lines get their remedy', () => {
  for (const c of cases) {
    test(`${c.direction} ${c.text.slice(0, 90)} -> ${c.id}`, () => {
      expect(tlsRemedyId(c.text, c.direction)).toBe(c.id);
      const v = findTlsRemedy(c.text, c.direction);
      expect(v.id).toBe(c.id);
      // the fix shown is the one for the side that saw the failure
      const e = byId.get(c.id)!;
      expect(v.fix).toBe((c.direction === 'inbound' ? e.fixInbound : e.fixOutbound) ?? e.fix);
    });
  }

  test('every TLS entry is answered by some case above', () => {
    const covered = new Set(cases.map((c) => c.id));
    expect(tlsEntries.map((e) => e.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  test('every fixture case names a fixture line that is really there', () => {
    for (const c of cases.filter((x) => x.src.startsWith('fixtures/'))) {
      const file = readFileSync(fixture(c.src.replace(/^fixtures\//, '').replace(/ \(.*\)$/, '')), 'utf8');
      // a joined case is two lines: each half must be in the file
      for (const part of c.text.replace(/^== /, '').split('; ')) expect(file, `${c.src}: ${part}`).toContain(part.trim());
    }
  });
});

describe('the direction and the fallback', () => {
  test('an entry for one side only does not answer the other side', () => {
    const t = 'H=127.0.0.1 [127.0.0.1]:10001: a TLS session is required, but the server did not offer TLS support';
    expect(tlsRemedyId(t, 'outbound')).toBe('tls.not-offered');
    expect(tlsRemedyId(t, 'inbound')).toBe('tls.handshake');
  });
  test('a text nothing recognises, or none at all, gets the generic answer', () => {
    expect(tlsRemedyId('SSL_accept error from unknown[198.51.100.7]: -1; TLS library problem: error:0A0000C7:SSL routines::peer did something odd', 'inbound')).toBe('tls.handshake');
    expect(tlsRemedyId('', 'outbound')).toBe('tls.handshake');
    expect(tlsEntries.at(-1)!.id).toBe('tls.handshake');
  });
  test('the Vietnamese view comes back translated', () => {
    const v = findTlsRemedy('SSL_accept error from unknown[72.13.58.7]: Connection timed out', 'inbound', 'vi');
    expect(v).toMatchObject({ id: 'tls.handshake-timeout', lang: 'vi' });
    expect(v.fallback).toBeUndefined();
    expect(v.fix).toMatch(/smtpd_starttls_timeout/);
  });
});

describe('SMTP replies never get a TLS entry', () => {
  // the expected ids are those the reply tables (text-cases.ts, enhanced-cases.ts) gave before the
  // TLS entries existed; had the matcher taken the TLS patterns in, tls.handshake (which matches
  // any text) would answer every reply that no earlier text pattern catches
  const o = 'outbound' as const;
  const replies: Array<[{ code: number; enhanced: string; text: string; direction?: 'outbound' }, string]> = [
    [{ code: 454, enhanced: '4.7.0', text: 'TLS not available due to local problem', direction: o }, 'text.tls-local-problem'],
    [{ code: 530, enhanced: '5.7.0', text: 'Must issue a STARTTLS command first', direction: o }, 'text.gmail.tls-required'],
    [{ code: 454, enhanced: '4.7.5', text: 'Cryptographic failure', direction: o }, 'enh.X.7.5'],
    [{ code: 550, enhanced: '5.1.1', text: '' }, 'enh.X.1.1'],
  ];
  for (const [q, want] of replies) {
    test(`${q.code} ${q.enhanced} ${q.text} -> ${want}`, () => expect(remedyId(q)).toBe(want));
  }
  test('the TLS entries are in the catalogue (ids, translations) and all marked tls', () => {
    for (const e of tlsEntries) expect(byId.get(e.id)).toBe(e);
    expect(catalogue.filter((e) => e.id.startsWith('tls.')).every((e) => e.match.tls)).toBe(true);
  });
});

describe('a deferral that quotes a TLS failure takes the TLS entry that names it', () => {
  // Exim deferrals of the test suite's mainlog: hosts_require_tls and OCSP settings refused the remote
  const lines = [
    ['1999-03-02 09:44:33 10HmaY-000000005vi-0000 == userx@test.ex R=client T=send_to_server defer (-38) H=127.0.0.1 [127.0.0.1]:PORT_D: a TLS session is required, but the server did not offer TLS support', 'tls.not-offered'],
    ['1999-03-02 09:44:33 10HmbD-000000005vi-0000 == nostaple_required@test.ex R=client T=send_to_server3 defer (-37) H=127.0.0.1 [127.0.0.1]: TLS session: (SSL_connect) Required TLS certificate status not received', 'tls.ocsp'],
    ['1999-03-02 09:44:33 10HmbE-000000005vi-0000 == revoked@test.ex R=client T=send_to_server3 defer (-37) H=127.0.0.1 [127.0.0.1]: TLS session: (SSL_connect) Server certificate revoked', 'tls.remote-cert-unverified'],
  ] as const;
  const mainlog = readFileSync(fixture('corpus/exim/exim-testsuite-mainlog.log'), 'utf8');
  const parser = new LineParser({ year: 2026 });
  for (const [line, want] of lines) {
    test(`${line.slice(line.indexOf('defer'), line.indexOf('defer') + 90)} -> ${want}`, () => {
      expect(mainlog).toContain(line);
      const out = parser.parse(line);
      expect(out.type).toBe('event');
      const q = out.type === 'event' ? queryOf(out.event) : null;
      expect(remedyId(q!)).toBe(want);
      // the report's view of the group, and explain's first answer, agree with the stored id
      expect(findRemedy(q!).id).toBe(want);
      expect(findAllRemedies(q!)[0]!.id).toBe(want);
    });
  }
  test('a TLS text the TLS entries do not name keeps the reply entry (a DANE lookup is no handshake failure)', () => {
    expect(remedyId({ code: null, enhanced: null, text: 'DANE error: tlsa lookup FAIL', direction: 'outbound', status: 'deferred' })).toBe('text.net.tls');
  });
});
