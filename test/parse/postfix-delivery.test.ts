import { describe, expect, test } from 'vitest';
// Full expected events for real lines from fixtures/lab and fixtures/corpus (see fixtures/README.md).
// Lines marked in the pattern rows as message-only corpus lines carry an added syslog prefix.
import { eventOf, type Case } from './postfix-expect.js';

const cases: Case[] = [
  {
    line: "Nov 28 17:57:04 mx postfix/smtp[5979]: DC16D160296: to=<r550-info2@bounce.test>, relay=127.0.0.1[127.0.0.1]:2526, delay=0.18, delays=0.09/0/0.05/0.04, dsn=5.1.1, status=bounced (host 127.0.0.1[127.0.0.1] said: 550 5.1.1 <r550-info2@bounce.test>: Recipient address rejected: User unknown (in reply to RCPT TO command))",
    event: {kind: "delivery", pattern: "postfix.delivery.status", mta: "postfix", queueId: "DC16D160296", recipient: "r550-info2@bounce.test", relayHost: "127.0.0.1", relayIp: "127.0.0.1", relayPort: 2526, status: "bounced", dsn: "5.1.1", delay: 0.18, delays: "0.09/0/0.05/0.04", detail: "host 127.0.0.1[127.0.0.1] said: 550 5.1.1 <r550-info2@bounce.test>: Recipient address rejected: User unknown (in reply to RCPT TO command)", reply: {code: 550, codeDerived: false, enhanced: "5.1.1", text: "<r550-info2@bounce.test>: Recipient address rejected: User unknown", stage: "RCPT", direction: "outbound"}},
  },
  {
    line: "Nov 28 17:57:05 mx postfix/smtp[6020]: 2A3451602C2: to=<postmaster@rude.test>, relay=127.0.0.1[127.0.0.1]:2529, delay=0.1, delays=0.09/0.02/0/0, dsn=4.7.1, status=deferred (host 127.0.0.1[127.0.0.1] refused to talk to me: 554 5.7.1 rude.lab.test No SMTP service here)",
    event: {kind: "delivery", pattern: "postfix.delivery.status", mta: "postfix", queueId: "2A3451602C2", recipient: "postmaster@rude.test", relayHost: "127.0.0.1", relayIp: "127.0.0.1", relayPort: 2529, status: "deferred", dsn: "4.7.1", delay: 0.1, delays: "0.09/0.02/0/0", detail: "host 127.0.0.1[127.0.0.1] refused to talk to me: 554 5.7.1 rude.lab.test No SMTP service here", reply: {code: 554, codeDerived: false, enhanced: "5.7.1", text: "rude.lab.test No SMTP service here", stage: "CONNECT", direction: "outbound"}},
  },
  {
    line: "Nov 28 17:57:05 mx postfix/smtp[6020]: 4A32A1602C3: to=<sales@busy.test>, relay=127.0.0.1[127.0.0.1]:2530, delay=0.09, delays=0.09/0/0/0, dsn=4.3.2, status=deferred (host 127.0.0.1[127.0.0.1] refused to talk to me: 421 4.3.2 busy.lab.test Service not available, try again later)",
    event: {kind: "delivery", pattern: "postfix.delivery.status", mta: "postfix", queueId: "4A32A1602C3", recipient: "sales@busy.test", relayHost: "127.0.0.1", relayIp: "127.0.0.1", relayPort: 2530, status: "deferred", dsn: "4.3.2", delay: 0.09, delays: "0.09/0/0/0", detail: "host 127.0.0.1[127.0.0.1] refused to talk to me: 421 4.3.2 busy.lab.test Service not available, try again later", reply: {code: 421, codeDerived: false, enhanced: "4.3.2", text: "busy.lab.test Service not available, try again later", stage: "CONNECT", direction: "outbound"}},
  },
  {
    line: "Nov 28 17:57:04 mx postfix/smtp[5979]: DC16D160296: to=<ok-erin@bounce.test>, relay=127.0.0.1[127.0.0.1]:2526, delay=0.18, delays=0.09/0/0.05/0.05, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as JIKKM9QHNR)",
    event: {kind: "delivery", pattern: "postfix.delivery.status", mta: "postfix", queueId: "DC16D160296", recipient: "ok-erin@bounce.test", relayHost: "127.0.0.1", relayIp: "127.0.0.1", relayPort: 2526, status: "sent", dsn: "2.0.0", delay: 0.18, delays: "0.09/0/0.05/0.05", detail: "250 2.0.0 Ok: queued as JIKKM9QHNR", reply: {code: 250, codeDerived: false, enhanced: "2.0.0", text: "Ok: queued as JIKKM9QHNR", stage: "END-OF-DATA", direction: "outbound"}},
  },
  {
    line: "Nov 28 17:57:03 mx postfix/smtp[5979]: BBE8C160296: to=<ok-heidi@sink.test>, relay=127.0.0.1[127.0.0.1]:2527, delay=0.1, delays=0.09/0.01/0/0, dsn=2.0.0, status=sent (250 2.0.0 Ok)",
    event: {kind: "delivery", pattern: "postfix.delivery.status", mta: "postfix", queueId: "BBE8C160296", recipient: "ok-heidi@sink.test", relayHost: "127.0.0.1", relayIp: "127.0.0.1", relayPort: 2527, status: "sent", dsn: "2.0.0", delay: 0.1, delays: "0.09/0.01/0/0", detail: "250 2.0.0 Ok", reply: {code: 250, codeDerived: false, enhanced: "2.0.0", text: "Ok", stage: "END-OF-DATA", direction: "outbound"}},
  },
  {
    line: "Nov 28 17:57:04 mx postfix/smtp[5979]: 64B551602B1: to=<d554-filter@bounce.test>, relay=127.0.0.1[127.0.0.1]:2526, delay=0.18, delays=0.09/0/0.04/0.04, dsn=5.7.1, status=bounced (host 127.0.0.1[127.0.0.1] said: 554 5.7.1 Message rejected: spam content detected (in reply to end of DATA command))",
    event: {kind: "delivery", pattern: "postfix.delivery.status", mta: "postfix", queueId: "64B551602B1", recipient: "d554-filter@bounce.test", relayHost: "127.0.0.1", relayIp: "127.0.0.1", relayPort: 2526, status: "bounced", dsn: "5.7.1", delay: 0.18, delays: "0.09/0/0.04/0.04", detail: "host 127.0.0.1[127.0.0.1] said: 554 5.7.1 Message rejected: spam content detected (in reply to end of DATA command)", reply: {code: 554, codeDerived: false, enhanced: "5.7.1", text: "Message rejected: spam content detected", stage: "END-OF-DATA", direction: "outbound"}},
  },
  {
    line: "Nov 28 17:57:14 mx postfix/smtp[6020]: 258C61602C8: to=<stall-x@slow.test>, relay=127.0.0.1[127.0.0.1]:2531, delay=8.2, delays=0.06/0/0.04/8.1, dsn=4.4.2, status=deferred (conversation with 127.0.0.1[127.0.0.1] timed out while sending message body)",
    event: {kind: "delivery", pattern: "postfix.delivery.status", mta: "postfix", queueId: "258C61602C8", recipient: "stall-x@slow.test", relayHost: "127.0.0.1", relayIp: "127.0.0.1", relayPort: 2531, status: "deferred", dsn: "4.4.2", delay: 8.2, delays: "0.06/0/0.04/8.1", detail: "conversation with 127.0.0.1[127.0.0.1] timed out while sending message body", stallKind: "outbound.timeout-message-body"},
  },
  {
    line: "Nov 28 17:57:06 mx postfix/smtp[6178]: 7B2401602CA: to=<drop-z@slow.test>, relay=127.0.0.1[127.0.0.1]:2531, delay=0.17, delays=0.06/0.01/0.05/0.05, dsn=4.4.2, status=deferred (lost connection with 127.0.0.1[127.0.0.1] while sending message body)",
    event: {kind: "delivery", pattern: "postfix.delivery.status", mta: "postfix", queueId: "7B2401602CA", recipient: "drop-z@slow.test", relayHost: "127.0.0.1", relayIp: "127.0.0.1", relayPort: 2531, status: "deferred", dsn: "4.4.2", delay: 0.17, delays: "0.06/0.01/0.05/0.05", detail: "lost connection with 127.0.0.1[127.0.0.1] while sending message body", stallKind: "outbound.lost-message-body"},
  },
  {
    line: "Nov 28 17:57:14 mx postfix/smtp[6121]: 4EFFC1602C9: to=<hang-y@slow.test>, relay=127.0.0.1[127.0.0.1]:2531, delay=8.1, delays=0/0.02/0.05/8.1, dsn=4.4.2, status=deferred (conversation with 127.0.0.1[127.0.0.1] timed out while sending end of data -- message may be sent more than once)",
    event: {kind: "delivery", pattern: "postfix.delivery.status", mta: "postfix", queueId: "4EFFC1602C9", recipient: "hang-y@slow.test", relayHost: "127.0.0.1", relayIp: "127.0.0.1", relayPort: 2531, status: "deferred", dsn: "4.4.2", delay: 8.1, delays: "0/0.02/0.05/8.1", detail: "conversation with 127.0.0.1[127.0.0.1] timed out while sending end of data -- message may be sent more than once", stallKind: "outbound.timeout-end-of-data"},
  },
  {
    line: "Nov 28 17:57:06 mx postfix/smtp[6178]: 9B4EF1602CB: to=<dropend-w@slow.test>, relay=127.0.0.1[127.0.0.1]:2531, delay=0.11, delays=0/0.01/0.05/0.04, dsn=4.4.2, status=deferred (lost connection with 127.0.0.1[127.0.0.1] while sending end of data -- message may be sent more than once)",
    event: {kind: "delivery", pattern: "postfix.delivery.status", mta: "postfix", queueId: "9B4EF1602CB", recipient: "dropend-w@slow.test", relayHost: "127.0.0.1", relayIp: "127.0.0.1", relayPort: 2531, status: "deferred", dsn: "4.4.2", delay: 0.11, delays: "0/0.01/0.05/0.04", detail: "lost connection with 127.0.0.1[127.0.0.1] while sending end of data -- message may be sent more than once", stallKind: "outbound.lost-end-of-data"},
  },
  {
    line: "Nov 28 17:57:26 mx postfix/error[6355]: 9B4EF1602CB: to=<dropend-w@slow.test>, relay=none, delay=20, delays=20/0.01/0/0, dsn=4.4.2, status=deferred (delivery temporarily suspended: conversation with 127.0.0.1[127.0.0.1] timed out while sending message body)",
    event: {kind: "delivery", pattern: "postfix.delivery.local-agent", mta: "postfix", queueId: "9B4EF1602CB", recipient: "dropend-w@slow.test", relayHost: "127.0.0.1", relayIp: "127.0.0.1", status: "deferred", dsn: "4.4.2", delay: 20, delays: "20/0.01/0/0", detail: "delivery temporarily suspended: conversation with 127.0.0.1[127.0.0.1] timed out while sending message body"},
  },
  {
    line: "Nov 28 17:57:13 mx postfix/smtp[5979]: 0914D1602C1: to=<info@nogreet.test>, relay=127.0.0.1[127.0.0.1]:2528, delay=8.1, delays=0.1/0/8/0, dsn=4.4.2, status=deferred (conversation with 127.0.0.1[127.0.0.1] timed out while receiving the initial server greeting)",
    event: {kind: "delivery", pattern: "postfix.delivery.status", mta: "postfix", queueId: "0914D1602C1", recipient: "info@nogreet.test", relayHost: "127.0.0.1", relayIp: "127.0.0.1", relayPort: 2528, status: "deferred", dsn: "4.4.2", delay: 8.1, delays: "0.1/0/8/0", detail: "conversation with 127.0.0.1[127.0.0.1] timed out while receiving the initial server greeting"},
  },
  {
    // relay=none, but the detail names the server that was tried: that is the peer
    line: "Nov 28 17:57:04 mx postfix/smtp[5979]: C01401602B2: to=<dave@refuse.test>, relay=none, delay=0.09, delays=0.09/0/0/0, dsn=4.4.1, status=deferred (connect to 127.0.0.1[127.0.0.1]:2599: Connection refused)",
    event: {kind: "delivery", pattern: "postfix.delivery.status", mta: "postfix", queueId: "C01401602B2", recipient: "dave@refuse.test", relayHost: "127.0.0.1", relayIp: "127.0.0.1", relayPort: 2599, status: "deferred", dsn: "4.4.1", delay: 0.09, delays: "0.09/0/0/0", detail: "connect to 127.0.0.1[127.0.0.1]:2599: Connection refused"},
  },
  {
    line: "Nov 28 17:55:54 mx postfix/local[4827]: 14FD51602BA: to=<dave@lab.example>, orig_to=<team@lab.example>, relay=local, delay=0.09, delays=0.09/0/0/0, dsn=2.0.0, status=sent (delivered to mailbox)",
    event: {kind: "delivery", pattern: "postfix.delivery.local-agent", localAgent: true, mta: "postfix", queueId: "14FD51602BA", recipient: "dave@lab.example", origRecipient: "team@lab.example", relayHost: "local", status: "sent", dsn: "2.0.0", delay: 0.09, delays: "0.09/0/0/0", detail: "delivered to mailbox"},
  },
  {
    line: "Nov 28 17:57:05 mx postfix/local[5773]: BDDB61602C4: to=<pipebounce@lab.example>, relay=local, delay=0.1, delays=0.09/0/0/0.01, dsn=5.1.1, status=bounced (user unknown. Command output: mailbox does not exist )",
    event: {kind: "delivery", pattern: "postfix.delivery.local-agent", localAgent: true, mta: "postfix", queueId: "BDDB61602C4", recipient: "pipebounce@lab.example", relayHost: "local", status: "bounced", dsn: "5.1.1", delay: 0.1, delays: "0.09/0/0/0.01", detail: "user unknown. Command output: mailbox does not exist "},
  },
  {
    line: "Nov 28 17:57:05 mx postfix/smtp[6020]: 7DB8B1602C4: to=<someone@nxdomain-1.invalid>, relay=none, delay=0.09, delays=0.09/0/0/0, dsn=5.4.4, status=bounced (Host or domain name not found. Name service error for name=nxdomain-1.invalid type=A: Host not found)",
    event: {kind: "delivery", pattern: "postfix.delivery.status", mta: "postfix", queueId: "7DB8B1602C4", recipient: "someone@nxdomain-1.invalid", relayHost: "none", status: "bounced", dsn: "5.4.4", delay: 0.09, delays: "0.09/0/0/0", detail: "Host or domain name not found. Name service error for name=nxdomain-1.invalid type=A: Host not found"},
  },
  {
    line: "Jun 29 03:10:18 RHL058 postfix/smtp[21295]: 336067C2D03: to=<marianopastene@gmail.com>, relay=gmail-smtp-in.l.google.com[173.194.77.27]:25, conn_use=2, delay=0.7, delays=0.07/0/0.03/0.6, dsn=2.0.0, status=sent (250 2.0.0 OK 1404025818 bk4si20869922oec.67 - gsmtp)",
    event: {kind: "delivery", pattern: "postfix.delivery.status", mta: "postfix", queueId: "336067C2D03", recipient: "marianopastene@gmail.com", relayHost: "gmail-smtp-in.l.google.com", relayIp: "173.194.77.27", relayPort: 25, status: "sent", dsn: "2.0.0", delay: 0.7, delays: "0.07/0/0.03/0.6", detail: "250 2.0.0 OK 1404025818 bk4si20869922oec.67 - gsmtp", reply: {code: 250, codeDerived: false, enhanced: "2.0.0", text: "OK 1404025818 bk4si20869922oec.67 - gsmtp", stage: "END-OF-DATA", direction: "outbound"}, extra: {conn_use: 2}},
  },
  {
    line: "Feb  6 00:22:27 ntardis postfix/lmtp[4716]:    3A452D963D: to=<cuche@vaw.baug.ethz.ch>, relay=127.0.0.1[127.0.0.1], delay=1, status=sent (250 2.6.0 Ok, id=04682-01-3, from MTA: 250 Ok: queued as D2FF7D9649)",
    event: {kind: "delivery", pattern: "postfix.delivery.status", mta: "postfix", queueId: "3A452D963D", recipient: "cuche@vaw.baug.ethz.ch", relayHost: "127.0.0.1", relayIp: "127.0.0.1", status: "sent", delay: 1, detail: "250 2.6.0 Ok, id=04682-01-3, from MTA: 250 Ok: queued as D2FF7D9649", reply: {code: 250, codeDerived: false, enhanced: "2.6.0", text: "Ok, id=04682-01-3, from MTA: 250 Ok: queued as D2FF7D9649", stage: "END-OF-DATA", direction: "outbound"}},
  },
  {
    line: "Apr  7 15:35:20 123-mail postfix/virtual[20235]: 199041033BE: to=<me@domain.fr>, relay=virtual, delay=0.08, delays=0.08/0/0/0, dsn=2.0.0, status=sent (delivered to maildir)",
    event: {kind: "delivery", pattern: "postfix.delivery.local-agent", localAgent: true, mta: "postfix", queueId: "199041033BE", recipient: "me@domain.fr", relayHost: "virtual", status: "sent", dsn: "2.0.0", delay: 0.08, delays: "0.08/0/0/0", detail: "delivered to maildir"},
  },
  {
    line: "Dec 16 02:30:51 phoenix postfix/discard[22813]: 85B6F1100EAC: to=<snipee.ftrim@dmnpiper.com>, relay=none, delay=0.04, delays=0.04/0/0/0, dsn=2.0.0, status=sent (dlapiper.com)",
    event: {kind: "delivery", pattern: "postfix.delivery.local-agent", localAgent: true, mta: "postfix", queueId: "85B6F1100EAC", recipient: "snipee.ftrim@dmnpiper.com", relayHost: "none", status: "sent", dsn: "2.0.0", delay: 0.04, delays: "0.04/0/0/0", detail: "dlapiper.com"},
  },
  {
    line: "Jun 29 03:14:52 RHL058 postfix/error[27865]: 6B4A57C916D: to=<lizziej@projety.com>, relay=none, delay=306970, delays=306969/0.3/0/0.03, dsn=4.7.1, status=deferred (delivery temporarily suspended: host mail.kenotronix.com[66.254.58.79] refused to talk to me: 421 4.7.1 Intrusion prevention active for [8.19.240.91][P])",
    event: {kind: "delivery", pattern: "postfix.delivery.local-agent", mta: "postfix", queueId: "6B4A57C916D", recipient: "lizziej@projety.com", relayHost: "mail.kenotronix.com", relayIp: "66.254.58.79", status: "deferred", dsn: "4.7.1", delay: 306970, delays: "306969/0.3/0/0.03", detail: "delivery temporarily suspended: host mail.kenotronix.com[66.254.58.79] refused to talk to me: 421 4.7.1 Intrusion prevention active for [8.19.240.91][P]", reply: {code: 421, codeDerived: false, enhanced: "4.7.1", text: "Intrusion prevention active for [8.19.240.91][P]", stage: "CONNECT", direction: "outbound"}},
  },
  {
    line: "Feb 25 13:58:28 server1 postfix/smtp[3262]: AE11A4011B7B: to=<info.htreasure@gmail.com>, relay=gmail-smtp-in.l.google.com[74.125.206.26]:25, delay=2, delays=0.07/0.01/1.5/0.34, dsn=2.1.5, status=deliverable (250 2.1.5 OK z9-20020adfdf89$",
    event: {kind: "delivery", pattern: "postfix.delivery.status", mta: "postfix", queueId: "AE11A4011B7B", recipient: "info.htreasure@gmail.com", relayHost: "gmail-smtp-in.l.google.com", relayIp: "74.125.206.26", relayPort: 25, status: "deliverable", dsn: "2.1.5", delay: 2, delays: "0.07/0.01/1.5/0.34", detail: "250 2.1.5 OK z9-20020adfdf89$"},
  },
  {
    line: "Nov 28 17:57:04 mx postfix/smtp[5979]: connect to 127.0.0.1[127.0.0.1]:2599: Connection refused",
    event: {kind: "remote-error", pattern: "postfix.smtp.connect-error", mta: "postfix", relayHost: "127.0.0.1", relayIp: "127.0.0.1", relayPort: 2599, detail: "Connection refused"},
  },
  {
    line: "Jun 29 03:10:22 RHL058 postfix/smtp[14946]: connect to 333.com[50.57.34.52]:25: Connection timed out",
    event: {kind: "remote-error", pattern: "postfix.smtp.connect-error", mta: "postfix", relayHost: "333.com", relayIp: "50.57.34.52", relayPort: 25, detail: "Connection timed out"},
  },
  {
    line: "Oct 26 18:13:50 mx postfix/smtp[1]: 745137AA: lost connection with hotmail-com.olc.protection.outlook.com[104.47.55.161] while sending RCPT TO",
    event: {kind: "remote-error", pattern: "postfix.smtp.conversation-error", mta: "postfix", queueId: "745137AA", relayHost: "hotmail-com.olc.protection.outlook.com", relayIp: "104.47.55.161", detail: "lost connection with hotmail-com.olc.protection.outlook.com[104.47.55.161] while sending RCPT TO"},
  },
  {
    line: "Nov  2 14:39:04 conch postfix/smtp[27369]: 3AC2124090: host mx.ipsbocaraton.com[66.96.140.68] said: 452 <jdent@ipsbocaraton.com> requested action aborted: try again later - GL/GL (in reply to RCPT TO command)",
    event: {kind: "remote-error", pattern: "postfix.smtp.remote-reply", mta: "postfix", queueId: "3AC2124090", relayHost: "mx.ipsbocaraton.com", relayIp: "66.96.140.68", reply: {code: 452, codeDerived: false, enhanced: null, text: "<jdent@ipsbocaraton.com> requested action aborted: try again later - GL/GL", stage: "RCPT", direction: "outbound"}},
  },
  {
    line: "May 18 22:31:10 lhansible postfix/smtp[30629]: 0EA5228A: enabling PIX workarounds: disable_esmtp delay_dotcrlf for ansible.com:25",
    event: {kind: "info", pattern: "postfix.smtp.pix-workarounds", mta: "postfix", queueId: "0EA5228A", detail: "disable_esmtp delay_dotcrlf for ansible.com:25"},
  },
  {
    line: "Jul 24 03:28:15 mail postfix/smtp[24052]: Verified TLS connection established to mx2.comcast.net[2001:558:fe21:2a::6]:25: TLSv1.2 with cipher ECDHE-RSA-AES256-GCM-SHA384 (256/256 bits)",
    event: {kind: "tls", pattern: "postfix.tls.established", mta: "postfix", relayHost: "mx2.comcast.net", relayIp: "2001:558:fe21:2a::6", relayPort: 25, protocol: "TLSv1.2", extra: {trust: "Verified", protocol: "TLSv1.2", cipher: "ECDHE-RSA-AES256-GCM-SHA384"}},
  },
  {
    // relocated_maps: error(8) bounces on our own server's word; no server was asked
    line: "Nov 28 17:55:54 mx postfix/error[4929]: 5B9BB1602B4: to=<trent@lab.example>, relay=none, delay=0.01, delays=0/0.01/0/0, dsn=5.1.6, status=bounced (User has moved to trent@elsewhere.example)",
    event: {kind: "delivery", pattern: "postfix.delivery.local-agent", localAgent: true, mta: "postfix", queueId: "5B9BB1602B4", recipient: "trent@lab.example", relayHost: "none", status: "bounced", dsn: "5.1.6", delay: 0.01, delays: "0/0.01/0/0", detail: "User has moved to trent@elsewhere.example"},
  },
];

describe('delivery and smtp client line shapes', () => {
  for (const c of cases) test(c.line, () => expect(eventOf(c.line)).toEqual(c.event));
});

describe('status lines of agents that talk to no server are marked local-agent', () => {
  const lines: Array<[string, string]> = [
    ['Nov 28 17:55:52 mx postfix/local[4827]: 0BB771602B2: to=<erin@lab.example>, orig_to=<erin>, relay=local, delay=0.01, delays=0/0.01/0/0, dsn=2.0.0, status=sent (delivered to mailbox)', 'postfix.delivery.local-agent'],
    ['2023-03-14T00:08:36.037018+01:00 helga postfix/pipe[302615]: 4PbC4z6W5Qz3tG3: to=<user01.test@uhu-banane.net>, relay=dovecot, delay=0.12, delays=0.01/0.01/0/0.1, dsn=2.0.0, status=sent (delivered via dovecot service)', 'postfix.delivery.local-agent'],
    ['Nov 28 17:57:04 mx postfix/smtp[5979]: C01401602B2: to=<dave@refuse.test>, relay=none, delay=0.09, delays=0.09/0/0/0, dsn=4.4.1, status=deferred (connect to 127.0.0.1[127.0.0.1]:2599: Connection refused)', 'postfix.delivery.status'],
  ];
  for (const [line, pattern] of lines) test(line, () => expect(eventOf(line).pattern).toBe(pattern));
});
