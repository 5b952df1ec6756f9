import { describe, expect, test } from 'vitest';
// Full expected events for real lines from fixtures/lab and fixtures/corpus (see fixtures/README.md).
// Lines marked in the pattern rows as message-only corpus lines carry an added syslog prefix.
import { eventOf, type Case } from './postfix-expect.js';

const cases: Case[] = [
  {
    line: "Nov 28 17:55:49 mx postfix/cleanup[4826]: AEC3E1602A1: message-id=<20261128175549.AEC3E1602A1@mx.lab.example>",
    event: {kind: "message-id", pattern: "postfix.cleanup.message-id", mta: "postfix", queueId: "AEC3E1602A1", messageId: "20261128175549.AEC3E1602A1@mx.lab.example"},
  },
  {
    line: "Nov 28 17:57:01 mx postfix/cleanup[4826]: CBE4E160291: reject: header Subject: Cheap VIAGRA for you from unknown[127.0.0.23]; from=<noreply@shop.test> to=<dave@lab.example> proto=ESMTP helo=<mail.partner.test>: 5.7.1 Message content rejected: spam subject",
    event: {kind: "reject", pattern: "postfix.cleanup.content-check", mta: "postfix", queueId: "CBE4E160291", clientHost: "unknown", clientIp: "127.0.0.23", sender: "noreply@shop.test", recipient: "dave@lab.example", helo: "mail.partner.test", protocol: "ESMTP", extra: {action: "reject", where: "header", content: "Subject: Cheap VIAGRA for you"}, reply: {code: 550, codeDerived: true, enhanced: "5.7.1", text: "Message content rejected: spam subject", stage: "END-OF-DATA", direction: "inbound"}},
  },
  {
    line: "Nov 28 17:57:02 mx postfix/cleanup[4826]: 0C353160292: reject: body attachment: LAB-EICAR-STANDARD-TEST payload from unknown[127.0.0.23]; from=<noreply@shop.test> to=<dave@lab.example> proto=ESMTP helo=<mail.partner.test>: 5.7.1 Virus found: Lab.Test.Signature",
    event: {kind: "reject", pattern: "postfix.cleanup.content-check", mta: "postfix", queueId: "0C353160292", clientHost: "unknown", clientIp: "127.0.0.23", sender: "noreply@shop.test", recipient: "dave@lab.example", helo: "mail.partner.test", protocol: "ESMTP", extra: {action: "reject", where: "body", content: "attachment: LAB-EICAR-STANDARD-TEST payload"}, reply: {code: 550, codeDerived: true, enhanced: "5.7.1", text: "Virus found: Lab.Test.Signature", stage: "END-OF-DATA", direction: "inbound"}},
  },
  {
    line: "Nov 28 17:55:49 mx postfix/cleanup[4826]: AEC3E1602A1: warning: header X-Lab-Warn: yes from localhost[127.0.0.1]; from=<noreply@shop.test> to=<dave@lab.example> proto=ESMTP helo=<client.lab.test>: lab warning header seen",
    event: {kind: "content-warning", pattern: "postfix.cleanup.content-check", mta: "postfix", queueId: "AEC3E1602A1", clientHost: "localhost", clientIp: "127.0.0.1", sender: "noreply@shop.test", recipient: "dave@lab.example", helo: "client.lab.test", protocol: "ESMTP", extra: {action: "warning", where: "header", content: "X-Lab-Warn: yes"}, detail: "lab warning header seen"},
  },
  {
    line: "Nov 28 17:57:01 mx postfix/cleanup[4826]: D61BC160291: hold: header Subject: please HOLDME from unknown[127.0.0.23]; from=<noreply@shop.test> to=<heidi@lab.example> proto=ESMTP helo=<mail.partner.test>: held for lab review",
    event: {kind: "hold", pattern: "postfix.cleanup.content-check", mta: "postfix", queueId: "D61BC160291", clientHost: "unknown", clientIp: "127.0.0.23", sender: "noreply@shop.test", recipient: "heidi@lab.example", helo: "mail.partner.test", protocol: "ESMTP", extra: {action: "hold", where: "header", content: "Subject: please HOLDME"}, detail: "held for lab review"},
  },
  {
    line: "Nov 28 17:57:02 mx postfix/cleanup[4826]: 01A12160292: discard: header Subject: DISCARDME now from unknown[127.0.0.23]; from=<noreply@shop.test> to=<heidi@lab.example> proto=ESMTP helo=<mail.partner.test>: discarded by lab policy",
    event: {kind: "discard", pattern: "postfix.cleanup.content-check", mta: "postfix", queueId: "01A12160292", clientHost: "unknown", clientIp: "127.0.0.23", sender: "noreply@shop.test", recipient: "heidi@lab.example", helo: "mail.partner.test", protocol: "ESMTP", extra: {action: "discard", where: "header", content: "Subject: DISCARDME now"}, detail: "discarded by lab policy"},
  },
  {
    line: "Nov 28 17:57:02 mx postfix/cleanup[4826]: 212E9160292: milter-reject: END-OF-MESSAGE from unknown[127.0.0.24]: 5.7.1 Message rejected by lab milter (spam score 12.3); from=<noreply@shop.test> to=<dave@lab.example> proto=ESMTP helo=<smtp.vendor.test>",
    event: {kind: "reject", pattern: "postfix.cleanup.milter", mta: "postfix", queueId: "212E9160292", clientHost: "unknown", clientIp: "127.0.0.24", sender: "noreply@shop.test", recipient: "dave@lab.example", helo: "smtp.vendor.test", protocol: "ESMTP", reply: {code: 550, codeDerived: true, enhanced: "5.7.1", text: "Message rejected by lab milter (spam score 12.3)", stage: "END-OF-DATA", direction: "inbound"}},
  },
  {
    line: "Nov 28 17:57:02 mx postfix/cleanup[4826]: 36942160292: milter-reject: END-OF-MESSAGE from unknown[127.0.0.24]: 4.7.1 Lab milter temporary failure, try again later; from=<noreply@shop.test> to=<heidi@lab.example> proto=ESMTP helo=<smtp.vendor.test>",
    event: {kind: "reject", pattern: "postfix.cleanup.milter", mta: "postfix", queueId: "36942160292", clientHost: "unknown", clientIp: "127.0.0.24", sender: "noreply@shop.test", recipient: "heidi@lab.example", helo: "smtp.vendor.test", protocol: "ESMTP", reply: {code: 451, codeDerived: true, enhanced: "4.7.1", text: "Lab milter temporary failure, try again later", stage: "END-OF-DATA", direction: "inbound"}},
  },
  {
    line: "Nov 28 17:57:02 mx postfix/cleanup[4826]: 4DD80160292: milter-hold: END-OF-MESSAGE from unknown[127.0.0.24]: milter triggers HOLD action; from=<noreply@shop.test> to=<heidi@lab.example> proto=ESMTP helo=<smtp.vendor.test>",
    event: {kind: "hold", pattern: "postfix.cleanup.milter", mta: "postfix", queueId: "4DD80160292", clientHost: "unknown", clientIp: "127.0.0.24", sender: "noreply@shop.test", recipient: "heidi@lab.example", helo: "smtp.vendor.test", protocol: "ESMTP", detail: "milter triggers HOLD action"},
  },
  {
    line: "Nov 28 17:55:49 mx postfix/qmgr[4814]: AEC3E1602A1: from=<noreply@shop.test>, size=468, nrcpt=1 (queue active)",
    event: {kind: "received", pattern: "postfix.qmgr.received", mta: "postfix", queueId: "AEC3E1602A1", sender: "noreply@shop.test", size: 468, nrcpt: 1},
  },
  {
    line: "Nov 28 17:55:49 mx postfix/qmgr[4814]: AEC3E1602A1: removed",
    event: {kind: "removed", pattern: "postfix.qmgr.removed", mta: "postfix", queueId: "AEC3E1602A1"},
  },
  {
    line: "Nov 28 17:58:46 mx postfix/qmgr[4814]: DEFD71602BF: from=<erin@lab.example>, status=expired, returned to sender",
    event: {kind: "expired", pattern: "postfix.qmgr.expired", mta: "postfix", queueId: "DEFD71602BF", sender: "erin@lab.example", status: "expired"},
  },
  {
    line: "Apr 10 14:50:16 mail postfix/qmgr[3663]: BACE842E73: from=<noreply@domain.com>, status=force-expired, returned to sender",
    // postsuper -e: the status as logged stays in detail, so the row is told from a lifetime that ran out
    event: {kind: "expired", pattern: "postfix.qmgr.expired", mta: "postfix", queueId: "BACE842E73", sender: "noreply@domain.com", status: "expired", detail: "force-expired", extra: {forced: 1}},
  },
  {
    line: "Dec 15 19:30:03 phoenix postfix/qmgr[19166]: 144EC11002A1: skipped, still being delivered",
    event: {kind: "info", pattern: "postfix.qmgr.skipped", mta: "postfix", queueId: "144EC11002A1", detail: "skipped, still being delivered"},
  },
  {
    line: "Nov 28 17:55:52 mx postfix/pickup[4813]: 0BB771602B2: uid=0 from=<root>",
    event: {kind: "pickup", pattern: "postfix.pickup.uid", mta: "postfix", queueId: "0BB771602B2", sender: "root", extra: {uid: 0}},
  },
  {
    line: "Nov 28 17:55:54 mx postfix/bounce[4931]: 5B9BB1602B4: sender non-delivery notification: 5E39C1602BC",
    event: {kind: "notice", pattern: "postfix.bounce.notice", mta: "postfix", queueId: "5B9BB1602B4", detail: "sender non-delivery notification", noticeQueueId: "5E39C1602BC", extra: {notice_queue_id: "5E39C1602BC"}},
  },
  {
    line: "Nov 28 17:58:06 mx postfix/bounce[5991]: DEFD71602BF: sender delay notification: BA879160279",
    event: {kind: "notice", pattern: "postfix.bounce.notice", mta: "postfix", queueId: "DEFD71602BF", detail: "sender delay notification", noticeQueueId: "BA879160279", extra: {notice_queue_id: "BA879160279"}},
  },
  {
    line: "Feb 25 13:58:28 server1 postfix/bounce[3266]: AE11A4011B7B: sender delivery status notification: 9C37E404B379",
    event: {kind: "notice", pattern: "postfix.bounce.notice", mta: "postfix", queueId: "AE11A4011B7B", detail: "sender delivery status notification", noticeQueueId: "9C37E404B379", extra: {notice_queue_id: "9C37E404B379"}},
  },
];

describe('cleanup, qmgr, pickup and notice line shapes', () => {
  for (const c of cases) test(c.line, () => expect(eventOf(c.line)).toEqual(c.event));
});
