import { describe, expect, test } from 'vitest';
// Full expected events for real lines from fixtures/lab and fixtures/corpus (see fixtures/README.md).
// Lines marked in the pattern rows as message-only corpus lines carry an added syslog prefix.
import { eventOf, type Case } from './postfix-expect.js';

const cases: Case[] = [
  {
    line: "Dec 15 23:01:25 phoenix postfix/smtpd[24226]: warning: wsip-24-234-109-177.lv.lv.cox.net[24.234.109.177]: SASL LOGIN authentication failed: authentication failure",
    // smtpd logs no code for a failed AUTH: 535 5.7.8 is what it replied (derived)
    event: {kind: "reject", pattern: "postfix.smtpd.sasl-failed", mta: "postfix", clientHost: "wsip-24-234-109-177.lv.lv.cox.net", clientIp: "24.234.109.177", detail: "authentication failure", extra: {sasl_method: "LOGIN"},
      reply: {code: 535, codeDerived: true, enhanced: "5.7.8", text: "Error: authentication failed", stage: "AUTH", direction: "inbound"}},
  },
  {
    line: "Nov  4 09:11:01 mail postfix/smtpd[1234]: warning: unknown[192.0.2.152]: SASL LOGIN authentication failed: (reason unavailable), sasl_username=admin",
    event: {kind: "reject", pattern: "postfix.smtpd.sasl-failed", mta: "postfix", clientHost: "unknown", clientIp: "192.0.2.152", detail: "(reason unavailable)", extra: {sasl_method: "LOGIN", sasl_username: "admin"},
      reply: {code: 535, codeDerived: true, enhanced: "5.7.8", text: "Error: authentication failed", stage: "AUTH", direction: "inbound"}},
  },
  {
    // the SASL back end was out of reach: a temporary failure (RFC 4954 section 6)
    line: "Feb  3 08:29:28 mail postfix/smtpd[21022]: warning: unknown[1.1.1.1]: SASL LOGIN authentication failed: Connection lost to authentication server",
    event: {kind: "reject", pattern: "postfix.smtpd.sasl-failed", mta: "postfix", clientHost: "unknown", clientIp: "1.1.1.1", detail: "Connection lost to authentication server", extra: {sasl_method: "LOGIN"},
      reply: {code: 454, codeDerived: true, enhanced: "4.7.0", text: "Temporary authentication failure", stage: "AUTH", direction: "inbound"}},
  },
  {
    // Cyrus SASL's SASL_FAIL: xsasl_cyrus_server.c maps it to XSASL_AUTH_TEMP, so smtpd answered
    // "454 4.7.0 Temporary authentication failure: generic failure" (a server fault, not bad credentials)
    line: "Apr 26 10:55:19 tcc1 postfix/smtpd[21126]: warning: laptop.local[192.168.1.2]: SASL PLAIN authentication failed: generic failure",
    event: {kind: "reject", pattern: "postfix.smtpd.sasl-failed", mta: "postfix", clientHost: "laptop.local", clientIp: "192.168.1.2", detail: "generic failure", extra: {sasl_method: "PLAIN"},
      reply: {code: 454, codeDerived: true, enhanced: "4.7.0", text: "Temporary authentication failure", stage: "AUTH", direction: "inbound"}},
  },
  {
    line: "Nov 28 17:55:51 mx postfix/smtpd[4822]: Anonymous TLS connection established from unknown[127.0.0.23]: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits) key-exchange X25519 server-signature RSA-PSS (2048 bits) server-digest SHA256",
    event: {kind: "tls", pattern: "postfix.tls.established", mta: "postfix", clientHost: "unknown", clientIp: "127.0.0.23", protocol: "TLSv1.3", extra: {trust: "Anonymous", protocol: "TLSv1.3", cipher: "TLS_AES_256_GCM_SHA384"}},
  },
  {
    line: "2023-03-16T15:48:35.262145+01:00 helga postfix/submission/smtpd[559032]: SSL_accept error from unknown[192.210.206.189]: lost connection",
    event: {kind: "tls", pattern: "postfix.smtpd.tls-accept-error", mta: "postfix", clientHost: "unknown", clientIp: "192.210.206.189", detail: "lost connection", tlsFailure: "inbound"},
  },
  {
    line: "Nov 28 17:57:02 mx postfix/milterdown/smtpd[5786]: warning: connect to Milter service inet:127.0.0.1:2899: Connection refused",
    event: {kind: "problem", pattern: "postfix.problem", mta: "postfix", severity: "warning", detail: "connect to Milter service inet:127.0.0.1:2899: Connection refused"},
  },
  {
    // smtpd stops storing the message and answers the final dot "552 5.3.4 Error: message file too big"
    // (smtpd.c; lab scenario 5b): a refusal at END-OF-DATA whose code no line logs (derived)
    line: "Nov 28 17:55:56 mx postfix/smtpd[4822]: warning: 910541602BD: queue file size limit exceeded",
    event: {kind: "reject", pattern: "postfix.smtpd.size-limit", mta: "postfix", queueId: "910541602BD", detail: "queue file size limit exceeded",
      reply: {code: 552, codeDerived: true, enhanced: "5.3.4", text: "Error: message file too big", stage: "END-OF-DATA", direction: "inbound"}},
  },
  {
    // cleanup writes the same words about the same message: its line is only a warning
    line: "Nov 28 17:59:41 vm postfix/cleanup[7167]: warning: EBF3C1602AE: queue file size limit exceeded",
    event: {kind: "problem", pattern: "postfix.problem", mta: "postfix", queueId: "EBF3C1602AE", severity: "warning", detail: "queue file size limit exceeded"},
  },
  {
    line: "Feb 26 13:25:23 server1 postfix/master[14209]: fatal: bind 127.0.0.1 port 25: Address already in use",
    event: {kind: "problem", pattern: "postfix.problem", mta: "postfix", severity: "fatal", detail: "bind 127.0.0.1 port 25: Address already in use"},
  },
  {
    line: "Feb 25 13:57:44 server1 postfix/sendmail[3072]: fatal: Recipient addresses must be specified on the command line or via the -t option",
    event: {kind: "problem", pattern: "postfix.problem", mta: "postfix", severity: "fatal", detail: "Recipient addresses must be specified on the command line or via the -t option"},
  },
  {
    line: "Feb 26 11:39:10 server1 postfix/postfix-script[26688]: error: unknown command: 'restar'",
    event: {kind: "problem", pattern: "postfix.problem", mta: "postfix", severity: "error", detail: "unknown command: 'restar'"},
  },
  {
    line: "Nov 28 17:55:46 mx postfix/master[4812]: daemon started -- version 3.7.11, configuration /etc/postfix",
    event: {kind: "info", pattern: "postfix.master.lifecycle", mta: "postfix", detail: "daemon started -- version 3.7.11, configuration /etc/postfix", extra: {version: "3.7.11"}},
  },
  {
    line: "Nov 28 17:55:46 mx postfix/postfix-script[4810]: starting the Postfix mail system",
    event: {kind: "info", pattern: "postfix.postfix-script.lifecycle", mta: "postfix", detail: "starting the Postfix mail system"},
  },
  {
    line: "Nov 28 17:59:16 mx postfix/postsuper[6868]: Deleted: 2 messages",
    event: {kind: "info", pattern: "postfix.postsuper.summary", mta: "postfix", detail: "Deleted", extra: {messages: 2}},
  },
  {
    line: "Nov 28 17:59:06 mx postfix/scache[6223]: statistics: domain lookup hits=0 miss=1 success=0%",
    event: {kind: "info", pattern: "postfix.statistics", mta: "postfix", detail: "domain lookup hits=0 miss=1 success=0%"},
  },
  {
    line: "2023-03-14T00:01:16.648293+01:00 helga postfix/dnsblog[301152]: addr 180.214.239.18 listed by domain zen.spamhaus.org as 127.0.0.4",
    event: {kind: "info", pattern: "postfix.dnsblog.listed", mta: "postfix", detail: "zen.spamhaus.org", extra: {dnsbl: "zen.spamhaus.org", answer: "127.0.0.4"}, clientIp: "180.214.239.18"},
  },
  {
    line: "Nov 28 17:55:49 mx postfix/postscreen[4821]: cache btree:/var/lib/postfix/postscreen_cache full cleanup: retained=0 dropped=0 entries",
    event: {kind: "info", pattern: "postfix.postscreen.cache-cleanup", mta: "postfix", detail: "btree:/var/lib/postfix/postscreen_cache", extra: {retained: 0, dropped: 0}},
  },
  {
    line: "2023-03-14T02:52:59.199036+01:00 helga postfix/tlsproxy[312898]: TLS handshake failed for service=smtpd peer=[114.223.181.147]:59869",
    event: {kind: "tls", pattern: "postfix.tlsproxy.handshake-failed", mta: "postfix", detail: "TLS handshake failed", extra: {service: "smtpd"}, tlsFailure: "inbound", clientIp: "114.223.181.147", clientPort: 59869},
  },
  {
    line: "Feb 14 19:05:25 123-mail postfix/smtpd[1517]: table hash:/etc/postfix/virtual_mailbox_maps(0,lock|fold_fix) has changed -- restarting",
    event: {kind: "info", pattern: "postfix.table-changed", mta: "postfix", detail: "hash:/etc/postfix/virtual_mailbox_maps(0,lock|fold_fix)"},
  },
  {
    line: "Feb 25 14:09:43 server1 postfix/qmgr[5898]: qmgr_scan_start: start incoming queue scan",
    event: {kind: "info", pattern: "postfix.verbose", mta: "postfix", detail: "qmgr_scan_start: start incoming queue scan", extra: {verbose: 1}},
  },
  {
    line: "Feb 26 12:27:16 server1 postfix/smtpd[6006]: > localhost[127.0.0.1]: 550 5.1.1 <This@server1.alsoft.org>: Recipient address rejected: User unknown in local recipient table",
    event: {kind: "info", pattern: "postfix.verbose", mta: "postfix", detail: "> localhost[127.0.0.1]: 550 5.1.1 <This@server1.alsoft.org>: Recipient address rejected: User unknown in local recipient table", extra: {verbose: 1}},
  },
];

describe('TLS, SASL, problem and housekeeping line shapes', () => {
  for (const c of cases) test(c.line, () => expect(eventOf(c.line)).toEqual(c.event));
});

// xsasl_cyrus_server.c answers 454 (XSASL_AUTH_TEMP) for SASL_FAIL, SASL_NOMEM, SASL_TRYAGAIN and
// SASL_UNAVAIL, logged with libsasl's sasl_errstring() text; every other status is 535.
describe('Cyrus SASL reasons that Postfix answers as temporary', () => {
  const codeOf = (reason: string): number | undefined =>
    eventOf(`Apr 26 10:55:19 tcc1 postfix/smtpd[21126]: warning: unknown[192.0.2.7]: SASL LOGIN authentication failed: ${reason}, sasl_username=u`).reply?.code;
  for (const reason of ['generic failure', 'no memory available', 'transient failure (e.g., weak key)', 'remote authentication server unavailable'])
    test(`${reason}: 454`, () => expect(codeOf(reason)).toBe(454));
  for (const reason of ['authentication failure', 'no mechanism available', 'account disabled', 'generic failure of the back end'])
    test(`${reason}: 535`, () => expect(codeOf(reason)).toBe(535));
});
