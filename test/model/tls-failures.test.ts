import Database from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import { migrate } from '../../src/store/migrate.js';
import { deriveTls } from '../../src/app/derive-tls.js';
import { analysed, linesOf, run, type Db } from './split-helpers.js';

// Failed TLS handshakes and certificates that did not verify are kept, one row a line, with the
// peer and, for Postfix, the library's explanation logged on the line after the failure.

interface Row {
  direction: string;
  program: string;
  pid: number | null;
  peer_host: string | null;
  peer_ip: string | null;
  session_id: number | null;
  queue_id: string | null;
  detail: string;
  library_error: string | null;
  reason: string;
  pattern: string;
}

function rowsOf(...parts: string[][]): Row[] {
  const db: Db = new Database(':memory:');
  try {
    migrate(db);
    for (const p of parts) run(db, p);
    return db.prepare(`SELECT * FROM tls_failures ORDER BY id`).all() as Row[];
  } finally {
    db.close();
  }
}

const LAB2 = linesOf('fixtures/lab2/lab2-postfix.log');
const failure = LAB2.findIndex((l) => l.includes('SSL_accept error from unknown[127.0.0.114]: -1'));
const explanation = LAB2.findIndex((l) => l.includes('TLS library problem: error:0A00010B'));

describe('Postfix smtpd', () => {
  const rows = rowsOf(LAB2).filter((r) => r.pattern === 'postfix.smtpd.tls-accept-error');

  test('each SSL_accept error is a row of its client and session, the library line fills in why', () => {
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(r).toMatchObject({ direction: 'inbound', program: 'postfix/smtpd', peer_host: 'unknown', peer_ip: '127.0.0.114' });
      expect(r.session_id).not.toBeNull();
    }
    expect(rows[0]).toMatchObject({ detail: 'SSL_accept error from unknown[127.0.0.114]: lost connection', library_error: null, reason: 'SSL_accept error: lost connection' });
    expect(rows[1]!.library_error).toBe('TLS library problem: error:0A00010B:SSL routines::wrong version number:../ssl/record/ssl3_record.c:350:');
    // the library's words without its error number and source position
    expect(rows[1]!.reason).toBe('SSL_accept error: -N; wrong version number');
  });

  test('the view answers the common question: which failures, how often, how many clients', () => {
    const db: Db = new Database(':memory:');
    migrate(db);
    run(db, LAB2);
    expect(db.prepare(`SELECT direction, remedy_id, reason, n, peers FROM tls_failures_by_reason ORDER BY reason`).all()).toEqual([
      { direction: 'inbound', remedy_id: 'tls.wrong-version', reason: 'SSL_accept error: -N; wrong version number', n: 1, peers: 1 },
      { direction: 'inbound', remedy_id: 'tls.peer-dropped', reason: 'SSL_accept error: lost connection', n: 1, peers: 1 },
    ]);
    db.close();
  });

  test('a run that stops between the failure and its explanation leaves the same rows as one run', () => {
    expect(explanation).toBe(failure + 1);
    expect(analysed(LAB2.slice(0, explanation), LAB2.slice(explanation))).toEqual(analysed(LAB2));
  });

  test('the explanation goes to its own process only, and only soon after', () => {
    const [f, w] = [LAB2[failure]!, LAB2[explanation]!];
    expect(rowsOf([f, w.replace('smtpd[5959]', 'smtpd[5960]')])[0]!.library_error).toBeNull();
    expect(rowsOf([f, w.replace('06:58:20', '07:00:20')])[0]!.library_error).toBeNull();
    expect(rowsOf([f, w, w.replace('0A00010B', '0A000126')])[0]!.library_error).toContain('0A00010B');
    // the warning stays a problem line as well
    const db: Db = new Database(':memory:');
    migrate(db);
    run(db, [f, w]);
    expect(db.prepare(`SELECT count(*) FROM problems`).pluck().get()).toBe(1);
    db.close();
  });
});

describe('one process, several clients (lab2 lines, the second client\'s address and error edited)', () => {
  // smtpd[5959] fails two handshakes within one batch: each takes the warning logged right after it
  const two = [
    'Nov 29 06:58:20 mx postfix/smtpd[5959]: connect from unknown[127.0.0.114]',
    'Nov 29 06:58:20 mx postfix/smtpd[5959]: SSL_accept error from unknown[127.0.0.114]: -1',
    'Nov 29 06:58:20 mx postfix/smtpd[5959]: warning: TLS library problem: error:0A00010B:SSL routines::wrong version number:../ssl/record/ssl3_record.c:350:',
    'Nov 29 06:58:20 mx postfix/smtpd[5959]: lost connection after STARTTLS from unknown[127.0.0.114]',
    'Nov 29 06:58:20 mx postfix/smtpd[5959]: disconnect from unknown[127.0.0.114] ehlo=1 starttls=0/1 commands=1/2',
    'Nov 29 06:58:25 mx postfix/smtpd[5959]: connect from unknown[127.0.0.115]',
    'Nov 29 06:58:25 mx postfix/smtpd[5959]: SSL_accept error from unknown[127.0.0.115]: -1',
    'Nov 29 06:58:25 mx postfix/smtpd[5959]: warning: TLS library problem: error:0A0000C1:SSL routines::no shared cipher:../ssl/statem/statem_srvr.c:2220:',
    'Nov 29 06:58:25 mx postfix/smtpd[5959]: lost connection after STARTTLS from unknown[127.0.0.115]',
    'Nov 29 06:58:25 mx postfix/smtpd[5959]: disconnect from unknown[127.0.0.115] ehlo=1 starttls=0/1 commands=1/2',
  ];
  const causes = (rows: Row[]) => rows.map((r) => `${r.peer_ip} ${r.reason}`);

  test('each failure takes its own warning, in one run as in two', () => {
    const expected = ['127.0.0.114 SSL_accept error: -N; wrong version number', '127.0.0.115 SSL_accept error: -N; no shared cipher'];
    expect(causes(rowsOf(two))).toEqual(expected);
    expect(causes(rowsOf(two.map((l) => l.replace('06:58:25', '06:58:20'))))).toEqual(expected);
    for (const cut of [2, 5, 7]) expect(analysed(two.slice(0, cut), two.slice(cut))).toEqual(analysed(two));
  });

  test('a failure that names a system error takes no library warning: a later client\'s belongs to that client', () => {
    const lines = [
      'Nov 29 06:58:18 mx postfix/smtpd[5841]: connect from unknown[127.0.0.114]',
      'Nov 29 06:58:18 mx postfix/smtpd[5841]: SSL_accept error from unknown[127.0.0.114]: lost connection',
      'Nov 29 06:58:18 mx postfix/smtpd[5841]: disconnect from unknown[127.0.0.114] ehlo=1 starttls=0/1 commands=1/2',
      'Nov 29 06:58:30 mx postfix/smtpd[5841]: connect from mail.partner.test[192.0.2.10]',
      'Nov 29 06:58:40 mx postfix/smtpd[5841]: warning: TLS library problem: error:0A000119:SSL routines::decryption failed or bad record mac:../ssl/record/ssl3_record.c:622:',
    ];
    expect(causes(rowsOf(lines))).toEqual(['127.0.0.114 SSL_accept error: lost connection']);
    expect(analysed(lines.slice(0, 2), lines.slice(2))).toEqual(analysed(lines));
  });
});

describe('the group a failure falls in', () => {
  // Exim quotes OpenSSL's error in the line; Postfix in its library warning: one group by the words
  test('an OpenSSL error is grouped by its words, in the line or after it, in either OpenSSL format', () => {
    const exim = (err: string) => deriveTls(`TLS error on connection from (client.test) [192.0.2.7]:41000 (SSL_accept): ${err}`, null, 'inbound').reason;
    expect(exim('error:0A000102:SSL routines::unsupported protocol')).toBe('TLS error on connection from a peer (SSL_accept): unsupported protocol');
    expect(exim('error:1408A0C1:SSL routines:ssl3_get_client_hello:no shared cipher')).toBe('TLS error on connection from a peer (SSL_accept): no shared cipher');
    expect(exim('error:0A00010B:SSL routines::wrong version number:../ssl/record/ssl3_record.c:350:')).toBe('TLS error on connection from a peer (SSL_accept): wrong version number');
    const postfix = deriveTls('SSL_accept error from unknown[192.0.2.7]: -1', 'TLS library problem: error:1408A0C1:SSL routines:ssl3_get_client_hello:no shared cipher', 'inbound');
    expect(postfix).toEqual({ reason: 'SSL_accept error: -N; no shared cipher', remedy_id: 'tls.no-shared-cipher' });
    // OpenSSL 1.0 writes the process id first (the warning as a 2007 forum post quotes it, after a Gmail deferral)
    const old = deriveTls('SSL_connect error to smtp.gmail.com[72.14.247.109]:587: -1', 'TLS library problem: 20250:error:14090086:SSL routines:SSL3_GET_SERVER_CERTIFICATE:certificate verify failed:s3_clnt.c:894:', 'outbound');
    expect(old).toEqual({ reason: 'SSL_connect error: -N; certificate verify failed', remedy_id: 'tls.remote-cert-unverified' });
  });
});

describe('other shapes', () => {
  test('postscreen\'s tlsproxy: the client that failed, and why when the warning before names it', () => {
    const pixel = linesOf('fixtures/corpus/postfix/pixelpark-postfix-logsums.log');
    const at = pixel.findIndex((l) => l.includes('TLS handshake failed for service=smtpd peer=[114.223.181.147]:59869'));
    const [warning, failed] = [pixel[at - 1]!, pixel[at]!];
    expect(warning).toContain('warning: ciphertext read/write timeout for [114.223.181.147]:59869');
    expect(rowsOf([failed])[0]).toMatchObject({ direction: 'inbound', peer_ip: '114.223.181.147', library_error: null, reason: 'TLS handshake failed for service=smtpd peer=PEER' });
    expect(rowsOf([warning, failed])[0]).toMatchObject({
      library_error: 'ciphertext read/write timeout for [114.223.181.147]:59869',
      reason: 'TLS handshake failed for service=smtpd peer=PEER; ciphertext read/write timeout for PEER',
    });
    // read in two runs, cut between the two lines: the same
    expect(analysed([warning], [failed])).toEqual(analysed([warning, failed]));
    // another client's warning says nothing about this one
    expect(rowsOf([warning.replace(':59869', ':59870'), failed])[0]!.library_error).toBeNull();
  });

  test('our smtp client could not verify the remote: outbound, with the remote named', () => {
    const rows = rowsOf([
      'Jul  5 12:16:23 localhost postfix/smtp[6261]: certificate verification failed for smtp-auth.no-ip.com: num=20:unable to get local issuer certificate',
      'Oct 26 18:13:50 mx postfix/smtp[1]: certificate verification failed for mail.example.com[113.169.17.115]:25: self-signed certificate.',
    ]);
    expect(rows[0]).toMatchObject({ direction: 'outbound', peer_host: 'smtp-auth.no-ip.com', peer_ip: null, reason: 'certificate verification failed: num=N:unable to get local issuer certificate' });
    expect(rows[1]).toMatchObject({ direction: 'outbound', peer_host: 'mail.example.com', peer_ip: '113.169.17.115', reason: 'certificate verification failed: self-signed certificate.' });
  });

  test('our smtp client\'s handshake failed: outbound, completed by its library line as smtpd\'s is', () => {
    const rows = rowsOf([
      'Oct 26 18:13:50 mx postfix/smtp[1]: SSL_connect error to mail.example.org[112.63.65.2]:25: -1',
      'Oct 26 18:13:50 mx postfix/smtp[1]: warning: TLS library problem: error:0A00010B:SSL routines::wrong version number:../ssl/record/ssl3_record.c:350:',
    ]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ direction: 'outbound', peer_host: 'mail.example.org', peer_ip: '112.63.65.2', reason: 'SSL_connect error: -N; wrong version number' });
  });

  test('Exim: a client\'s failed handshake and our client\'s unverified remote', () => {
    const rows = rowsOf(linesOf('fixtures/corpus/exim/exim-testsuite-mainlog.log'));
    const inbound = rows.filter((r) => r.pattern === 'exim.session.tls-error');
    expect(inbound.length).toBeGreaterThan(50);
    expect(inbound.every((r) => r.direction === 'inbound' && r.peer_ip !== null)).toBe(true);
    expect(inbound.map((r) => r.reason)).toContain('TLS error on connection from a peer (recv): A TLS fatal alert has been received: Certificate is bad');
    const unencrypted = rows.filter((r) => r.detail.includes('delivering unencrypted to H='));
    expect(unencrypted.length).toBeGreaterThan(0);
    for (const r of unencrypted) {
      expect(r.direction).toBe('outbound');
      expect(r.peer_ip).not.toBeNull();
      expect(r.reason).toContain('delivering unencrypted to a remote (not in hosts_require_tls)');
    }
    // one group for every certificate that fails the same way, whoever's it is
    expect(rows.filter((r) => r.reason === 'SSL verify error: certificate name mismatch').length).toBeGreaterThan(3);
  });

  test('Exim: a delivery deferred by its TLS session (errno -37) is one failure a connection, not one a recipient', () => {
    // fixtures/lab3/lab3-exim-mainlog.log; the second recipient's line is the first's with its address changed
    const defer = (rcpt: string, ts: string): string =>
      `2026-11-29 ${ts} 1xXeqN-000557-1W == ${rcpt} R=lab_manual T=lab_2544 defer (-37) H=127.0.0.1 [127.0.0.1]: TLS session: (certificate verification failed): certificate invalid`;
    const rows = rowsOf([
      '2026-11-29 13:21:27 1xXeqN-000557-1W <= erin@lab.example H=(client.lab.test) [127.0.0.1] P=esmtp S=459 id=x@lab.example',
      defer('heidi@tlsverify.test', '13:21:27'),
      defer('ivan@tlsverify.test', '13:21:27'),
      defer('heidi@tlsverify.test', '13:21:37'),
    ]);
    expect(rows.map((r) => [r.direction, r.queue_id, r.peer_ip, r.detail, r.pattern])).toEqual([
      ['outbound', '1xXeqN-000557-1W', '127.0.0.1', '(certificate verification failed): certificate invalid', 'exim.delivery'],
      ['outbound', '1xXeqN-000557-1W', '127.0.0.1', '(certificate verification failed): certificate invalid', 'exim.delivery'],
    ]);
    // a missing STARTTLS (-38) is no failed handshake, as in Postfix
    expect(rowsOf(['2026-11-29 13:21:26 1xXeqM-00054p-1u == heidi@notls.test R=lab_manual T=lab_2536 defer (-38) H=127.0.0.1 [127.0.0.1]: a TLS session is required, but the server did not offer TLS support'])).toEqual([]);
  });
});
