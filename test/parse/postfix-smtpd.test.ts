import { describe, expect, test } from 'vitest';
// Full expected events for real lines from fixtures/lab and fixtures/corpus (see fixtures/README.md).
// Lines marked in the pattern rows as message-only corpus lines carry an added syslog prefix.
import { eventOf, type Case } from './postfix-expect.js';

const cases: Case[] = [
  {
    line: "Nov 28 17:55:49 mx postfix/smtpd[4822]: connect from localhost[127.0.0.1]",
    event: {kind: "connect", pattern: "postfix.smtpd.connect", mta: "postfix", clientHost: "localhost", clientIp: "127.0.0.1"},
  },
  {
    line: "Nov 28 17:55:54 mx postfix/smtpd[4822]: disconnect from unknown[127.0.0.23] ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4",
    event: {kind: "disconnect", pattern: "postfix.smtpd.disconnect", mta: "postfix", clientHost: "unknown", clientIp: "127.0.0.23", counters: "ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4"},
  },
  {
    line: "Nov 28 17:55:49 mx postfix/smtpd[4822]: AEC3E1602A1: client=localhost[127.0.0.1]",
    event: {kind: "client", pattern: "postfix.smtpd.client", mta: "postfix", queueId: "AEC3E1602A1", clientHost: "localhost", clientIp: "127.0.0.1"},
  },
  {
    line: "Sep 23 15:57:40 mail postfix/submission/smtpd[3646210]: 838FC8A5F: client=unknown[fe80::1:2:3:4], sasl_method=PLAIN, sasl_username=out@example.org",
    event: {kind: "client", pattern: "postfix.smtpd.client", mta: "postfix", queueId: "838FC8A5F", clientHost: "unknown", clientIp: "fe80::1:2:3:4", extra: {sasl_method: "PLAIN", sasl_username: "out@example.org"}},
  },
  {
    line: "Nov 28 17:55:54 mx postfix/smtpd[4822]: NOQUEUE: reject: RCPT from unknown[127.0.0.23]: 551 5.1.6 <formeruser@lab.example>: Recipient address rejected: User not local; please try <formeruser@elsewhere.example>; from=<noreply@shop.test> to=<formeruser@lab.example> proto=ESMTP helo=<mail.partner.test>",
    event: {kind: "reject", pattern: "postfix.smtpd.reject", mta: "postfix", clientHost: "unknown", clientIp: "127.0.0.23", sender: "noreply@shop.test", recipient: "formeruser@lab.example", helo: "mail.partner.test", protocol: "ESMTP", reply: {code: 551, codeDerived: false, enhanced: "5.1.6", text: "<formeruser@lab.example>: Recipient address rejected: User not local; please try <formeruser@elsewhere.example>", stage: "RCPT", direction: "inbound"}},
  },
  {
    line: "Nov 28 17:55:56 mx postfix/smtpd[4822]: NOQUEUE: reject: MAIL from unknown[127.0.0.24]: 552 5.3.4 Message size exceeds fixed limit; from=<noreply@shop.test> proto=ESMTP helo=<smtp.vendor.test>",
    event: {kind: "reject", pattern: "postfix.smtpd.reject", mta: "postfix", clientHost: "unknown", clientIp: "127.0.0.24", sender: "noreply@shop.test", helo: "smtp.vendor.test", protocol: "ESMTP", reply: {code: 552, codeDerived: false, enhanced: "5.3.4", text: "Message size exceeds fixed limit", stage: "MAIL", direction: "inbound"}},
  },
  {
    line: "Jun  1 19:00:55 mail postfix/smtpd[7749]: NOQUEUE: reject: CONNECT from unknown[192.0.2.114]: 450 4.7.25 Client host rejected: cannot find your hostname, [178.215.236.114]; proto=SMTP",
    event: {kind: "reject", pattern: "postfix.smtpd.reject", mta: "postfix", clientHost: "unknown", clientIp: "192.0.2.114", protocol: "SMTP", reply: {code: 450, codeDerived: false, enhanced: "4.7.25", text: "Client host rejected: cannot find your hostname, [178.215.236.114]", stage: "CONNECT", direction: "inbound"}},
  },
  {
    line: "Jan 31 13:55:24 xxx postfix/smtpd[3462]: NOQUEUE: reject: EHLO from s271272.static.corbina.ru[78.107.251.238]: 504 5.5.2 <User>: Helo command rejected: need fully-qualified hostname; proto=SMTP helo=<User>",
    event: {kind: "reject", pattern: "postfix.smtpd.reject", mta: "postfix", clientHost: "s271272.static.corbina.ru", clientIp: "78.107.251.238", helo: "User", protocol: "SMTP", reply: {code: 504, codeDerived: false, enhanced: "5.5.2", text: "<User>: Helo command rejected: need fully-qualified hostname", stage: "HELO", direction: "inbound"}},
  },
  {
    line: "Mar 11 23:27:54 server postfix-smo/submission/smtpd[22427]: 44JCRG5tYPzCqt2: reject: BDAT from signing-milter.example.com[192.0.2.109]: 550 5.5.3 <DATA>: Data command rejected: Multi-recipient bounce; from=<> to=<some@example.com> proto=ESMTP helo=<domain.tld>",
    event: {kind: "reject", pattern: "postfix.smtpd.reject", mta: "postfix", queueId: "44JCRG5tYPzCqt2", clientHost: "signing-milter.example.com", clientIp: "192.0.2.109", sender: "", recipient: "some@example.com", helo: "domain.tld", protocol: "ESMTP", reply: {code: 550, codeDerived: false, enhanced: "5.5.3", text: "<DATA>: Data command rejected: Multi-recipient bounce", stage: "BDAT", direction: "inbound"}},
  },
  {
    line: "Oct 26 18:13:50 mx postfix/smtpd[1]: NOQUEUE: reject_warning: RCPT from example.com[93.184.216.34]: 553 5.7.1 <sender@example.com>: Sender address rejected: not owned by user ph123; from=<sender@example.com> to=<recipient@example.com> proto=ESMTP helo=<example.com>",
    event: {kind: "reject-warning", pattern: "postfix.smtpd.reject", mta: "postfix", clientHost: "example.com", clientIp: "93.184.216.34", sender: "sender@example.com", recipient: "recipient@example.com", helo: "example.com", protocol: "ESMTP", reply: {code: 553, codeDerived: false, enhanced: "5.7.1", text: "<sender@example.com>: Sender address rejected: not owned by user ph123", stage: "RCPT", direction: "inbound"}},
  },
  {
    line: "Nov 28 17:57:02 mx postfix/smtpd[4822]: NOQUEUE: milter-reject: RCPT from unknown[127.0.0.24]: 550 5.7.1 Recipient blocked by lab milter; from=<noreply@shop.test> to=<dave+milterblock@lab.example> proto=ESMTP helo=<smtp.vendor.test>",
    event: {kind: "reject", pattern: "postfix.smtpd.milter", mta: "postfix", clientHost: "unknown", clientIp: "127.0.0.24", sender: "noreply@shop.test", recipient: "dave+milterblock@lab.example", helo: "smtp.vendor.test", protocol: "ESMTP", reply: {code: 550, codeDerived: false, enhanced: "5.7.1", text: "Recipient blocked by lab milter", stage: "RCPT", direction: "inbound"}},
  },
  {
    line: "Nov 28 17:57:02 mx postfix/milterdown/smtpd[5786]: NOQUEUE: milter-reject: CONNECT from unknown[127.0.0.23]: 451 4.7.1 Service unavailable - try again later; proto=SMTP",
    event: {kind: "reject", pattern: "postfix.smtpd.milter", mta: "postfix", clientHost: "unknown", clientIp: "127.0.0.23", protocol: "SMTP", reply: {code: 451, codeDerived: false, enhanced: "4.7.1", text: "Service unavailable - try again later", stage: "CONNECT", direction: "inbound"}},
  },
  {
    line: "Nov 28 17:56:07 mx postfix/smtpd[4822]: lost connection after DATA (36673 bytes) from unknown[127.0.0.23]",
    event: {kind: "stall", pattern: "postfix.smtpd.session-end", mta: "postfix", clientHost: "unknown", clientIp: "127.0.0.23", afterStage: "DATA", bytes: 36673, endReason: "lost", stallKind: "inbound.lost-after-data", dataAccepted: true},
  },
  {
    line: "Nov 28 17:56:17 mx postfix/smtpd[4822]: timeout after DATA (9149 bytes) from unknown[127.0.0.24]",
    event: {kind: "stall", pattern: "postfix.smtpd.session-end", mta: "postfix", clientHost: "unknown", clientIp: "127.0.0.24", afterStage: "DATA", bytes: 9149, endReason: "timeout", stallKind: "inbound.timeout-after-data", dataAccepted: true},
  },
  {
    line: "Nov 28 17:56:37 mx postfix/smtpd[4822]: timeout after EHLO from unknown[127.0.0.25]",
    event: {kind: "session-end", pattern: "postfix.smtpd.session-end", mta: "postfix", clientHost: "unknown", clientIp: "127.0.0.25", afterStage: "HELO", endReason: "timeout"},
  },
  {
    line: "Nov 28 17:56:57 mx postfix/smtpd[4822]: too many errors after UNKNOWN from unknown[127.0.0.113]",
    event: {kind: "session-end", pattern: "postfix.smtpd.session-end", mta: "postfix", clientHost: "unknown", clientIp: "127.0.0.113", afterStage: "UNKNOWN", endReason: "too-many-errors"},
  },
  {
    line: "Sep 17 18:19:20 mxhost postfix/smtpd[12345]: NOQUEUE: lost connection after CONNECT from unknown[192.0.2.25]",
    event: {kind: "session-end", pattern: "postfix.smtpd.session-end", mta: "postfix", clientHost: "unknown", clientIp: "192.0.2.25", afterStage: "CONNECT", endReason: "lost"},
  },
  {
    line: "Jun 12 08:58:35 xxx postfix/smtpd[13533]: improper command pipelining after AUTH from unknown[1.2.3.4]: QUIT",
    event: {kind: "info", pattern: "postfix.smtpd.pipelining", mta: "postfix", clientHost: "unknown", clientIp: "1.2.3.4", afterStage: "AUTH", detail: "QUIT"},
  },
  {
    line: "Oct 22 03:04:26 conch postfix/smtpd[27030]: lost connection after DATA (approximately 0 bytes) from unknown[185.106.121.100]",
    event: {kind: "stall", pattern: "postfix.smtpd.session-end", mta: "postfix", clientHost: "unknown", clientIp: "185.106.121.100", afterStage: "DATA", bytes: 0, endReason: "lost", stallKind: "inbound.lost-after-data"},
  },
];

describe('smtpd line shapes', () => {
  for (const c of cases) test(c.line, () => expect(eventOf(c.line)).toEqual(c.event));
});
