import type { PatternRow } from '../table.js';
import { splitReply, stageOf } from '../smtp-reply.js';
import { PEER, QID } from './common.js';

export const smtpdRows: PatternRow[] = [
  {
    id: 'postfix.smtpd.connect',
    services: ['smtpd'],
    re: new RegExp(`^connect from ${PEER}$`),
    build: (g) => ({ kind: 'connect', pattern: 'postfix.smtpd.connect', mta: 'postfix', clientHost: g.clientHost, clientIp: g.clientIp }),
    samples: ['Nov 28 17:55:49 mx postfix/smtpd[4822]: connect from localhost[127.0.0.1]'],
  },
  {
    id: 'postfix.smtpd.disconnect',
    services: ['smtpd'],
    re: new RegExp(`^disconnect from ${PEER}(?: (?<counters>.*))?$`),
    build: (g) => ({
      kind: 'disconnect', pattern: 'postfix.smtpd.disconnect', mta: 'postfix',
      clientHost: g.clientHost, clientIp: g.clientIp, counters: g.counters,
    }),
    samples: ['Nov 28 17:55:54 mx postfix/smtpd[4822]: disconnect from unknown[127.0.0.23] ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4'],
  },
  {
    id: 'postfix.smtpd.reject',
    services: ['smtpd'],
    re: new RegExp(
      `^(?:NOQUEUE|${QID}): reject: (?<stage>[A-Z-]+) from ${PEER}: (?<reply>.*?); (?:from=<(?<sender>[^>]*)> )?(?:to=<(?<recipient>[^>]*)> )?proto=(?<proto>\\S+)(?: helo=<(?<helo>[^>]*)>)?$`,
    ),
    build: (g) => ({
      kind: 'reject', pattern: 'postfix.smtpd.reject', mta: 'postfix', queueId: g.queueId,
      clientHost: g.clientHost, clientIp: g.clientIp, sender: g.sender, recipient: g.recipient, helo: g.helo,
      reply: splitReply(g.reply!, 'inbound', stageOf(g.stage)),
    }),
    samples: [
      'Nov 28 17:55:54 mx postfix/smtpd[4822]: NOQUEUE: reject: RCPT from unknown[127.0.0.23]: 551 5.1.6 <formeruser@lab.example>: Recipient address rejected: User not local; please try <formeruser@elsewhere.example>; from=<noreply@shop.test> to=<formeruser@lab.example> proto=ESMTP helo=<mail.partner.test>',
    ],
  },
];
