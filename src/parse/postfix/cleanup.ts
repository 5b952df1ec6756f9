import type { EventKind } from '../../model/types.js';
import type { PatternRow } from '../table.js';
import { deriveCode, splitReply, stageOf } from '../smtp-reply.js';
import { ENVELOPE, PEER, QID, client } from './common.js';

// cleanup: header/body checks and milters act on the whole message, after the client's
// final dot; a reject here is an END-OF-DATA reply even though no stage is logged.

const CLEANUP = ['cleanup'] as const;

const CHECK_KINDS: Record<string, EventKind> = {
  reject: 'reject', warning: 'content-warning', hold: 'hold', discard: 'discard',
  redirect: 'info', filter: 'info', replace: 'info', prepend: 'info', info: 'info', strip: 'info',
};

export const cleanupRows: PatternRow[] = [
  {
    id: 'postfix.cleanup.message-id',
    services: CLEANUP,
    re: new RegExp(`^${QID}: (?<resent>resent-)?message-id=(?:<(?<messageId>.*)>|(?<bareId>.*))$`),
    build: (g) => ({
      kind: 'message-id', pattern: 'postfix.cleanup.message-id', mta: 'postfix', queueId: g.queueId,
      messageId: g.messageId ?? g.bareId, extra: g.resent ? { resent: 1 } : undefined,
    }),
    samples: [
      'Nov 28 17:55:49 mx postfix/cleanup[4826]: AEC3E1602A1: message-id=<20261128175549.AEC3E1602A1@mx.lab.example>',
    ],
  },
  {
    // header_checks / body_checks / milter_header_checks actions
    id: 'postfix.cleanup.content-check',
    services: CLEANUP,
    re: new RegExp(
      `^${QID}: (?<action>reject|warning|hold|discard|redirect|filter|replace|prepend|info|strip): (?<where>header|body|mime-header|nested-header) (?<content>.*?) from (?:${PEER}|local); (?:${ENVELOPE}|from=<(?<lsender>[^>]*)>(?: to=<(?<lrecipient>[^>]*)>)?)(?:: (?<text>.*))?$`,
    ),
    build: (g) => {
      const kind = CHECK_KINDS[g.action!]!;
      const base = {
        pattern: 'postfix.cleanup.content-check', mta: 'postfix' as const, queueId: g.queueId, ...client(g),
        sender: g.sender ?? g.lsender, recipient: g.recipient ?? g.lrecipient, helo: g.helo, protocol: g.proto,
        extra: { action: g.action!, where: g.where!, content: g.content! },
      };
      if (kind !== 'reject') return { kind, ...base, detail: g.text };
      // Postfix sends 550 for a 5.x.x and 451 for a 4.x.x content reject (the log shows only the enhanced code)
      return { kind, ...base, reply: deriveCode(splitReply(g.text ?? '', 'inbound', 'END-OF-DATA')) };
    },
    samples: [
      'Nov 28 17:57:01 mx postfix/cleanup[4826]: CBE4E160291: reject: header Subject: Cheap VIAGRA for you from unknown[127.0.0.23]; from=<noreply@shop.test> to=<dave@lab.example> proto=ESMTP helo=<mail.partner.test>: 5.7.1 Message content rejected: spam subject',
      'Nov 28 17:57:02 mx postfix/cleanup[4826]: 0C353160292: reject: body attachment: LAB-EICAR-STANDARD-TEST payload from unknown[127.0.0.23]; from=<noreply@shop.test> to=<dave@lab.example> proto=ESMTP helo=<mail.partner.test>: 5.7.1 Virus found: Lab.Test.Signature',
      'Nov 28 17:55:49 mx postfix/cleanup[4826]: AEC3E1602A1: warning: header X-Lab-Warn: yes from localhost[127.0.0.1]; from=<noreply@shop.test> to=<dave@lab.example> proto=ESMTP helo=<client.lab.test>: lab warning header seen',
      'Nov 28 17:57:01 mx postfix/cleanup[4826]: D61BC160291: hold: header Subject: please HOLDME from unknown[127.0.0.23]; from=<noreply@shop.test> to=<heidi@lab.example> proto=ESMTP helo=<mail.partner.test>: held for lab review',
      'Nov 28 17:57:02 mx postfix/cleanup[4826]: 01A12160292: discard: header Subject: DISCARDME now from unknown[127.0.0.23]; from=<noreply@shop.test> to=<heidi@lab.example> proto=ESMTP helo=<mail.partner.test>: discarded by lab policy',
    ],
  },
  {
    id: 'postfix.cleanup.milter',
    services: CLEANUP,
    re: new RegExp(`^${QID}: milter-(?<action>reject|hold|discard): (?<stage>\\S+) from ${PEER}: (?<reply>.*); ${ENVELOPE}$`),
    build: (g) => {
      const base = {
        pattern: 'postfix.cleanup.milter', mta: 'postfix' as const, queueId: g.queueId, ...client(g),
        sender: g.sender, recipient: g.recipient, helo: g.helo, protocol: g.proto,
      };
      if (g.action !== 'reject') return { kind: g.action === 'hold' ? 'hold' : 'discard', ...base, detail: g.reply };
      return { kind: 'reject', ...base, reply: deriveCode(splitReply(g.reply!, 'inbound', stageOf(g.stage))) };
    },
    samples: [
      'Nov 28 17:57:02 mx postfix/cleanup[4826]: 212E9160292: milter-reject: END-OF-MESSAGE from unknown[127.0.0.24]: 5.7.1 Message rejected by lab milter (spam score 12.3); from=<noreply@shop.test> to=<dave@lab.example> proto=ESMTP helo=<smtp.vendor.test>',
      'Nov 28 17:57:02 mx postfix/cleanup[4826]: 36942160292: milter-reject: END-OF-MESSAGE from unknown[127.0.0.24]: 4.7.1 Lab milter temporary failure, try again later; from=<noreply@shop.test> to=<heidi@lab.example> proto=ESMTP helo=<smtp.vendor.test>',
      'Nov 28 17:57:02 mx postfix/cleanup[4826]: 4DD80160292: milter-hold: END-OF-MESSAGE from unknown[127.0.0.24]: milter triggers HOLD action; from=<noreply@shop.test> to=<heidi@lab.example> proto=ESMTP helo=<smtp.vendor.test>',
    ],
  },
];
