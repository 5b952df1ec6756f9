import type { MailEvent, Stage } from '../../model/types.js';
import type { PatternRow } from '../table.js';
import { PEER, client } from './common.js';

// smtpd's anvil limits (smtpd_client_connection_count_limit, smtpd_client_connection_rate_limit,
// smtpd_client_message_rate_limit, smtpd_client_recipient_rate_limit). smtpd logs only this
// warning; the client got a refusal that no line records, so its code is implied (derived),
// like a failed AUTH. The replies below are what Postfix 3.7 answered in the lab (transcript of
// fixtures/lab2, scenario P02).

interface Limit {
  code: number;
  enhanced: string;
  /** the reply text without the client address, which follows it */
  text: string;
  stage: Stage;
}

const LIMITS: Record<string, Limit> = {
  'Connection rate': { code: 421, enhanced: '4.7.0', text: 'Error: too many connections from', stage: 'CONNECT' },
  'Connection concurrency': { code: 421, enhanced: '4.7.0', text: 'Error: too many connections from', stage: 'CONNECT' },
  'Message delivery request rate': { code: 450, enhanced: '4.7.1', text: 'Error: too much mail from', stage: 'MAIL' },
  'Recipient address rate': { code: 450, enhanced: '4.7.1', text: 'Error: too many recipients from', stage: 'RCPT' },
};

export const limitRows: PatternRow[] = [
  {
    // placed before the generic warning row: a client turned away is a refusal, not daemon trouble
    id: 'postfix.smtpd.anvil-limit',
    services: ['smtpd'],
    re: new RegExp(
      `^warning: (?<what>Connection rate|Connection concurrency|Message delivery request rate|Recipient address rate) limit exceeded: (?<count>\\d+) from ${PEER} for service (?<service>\\S+)$`,
    ),
    build: (g) => {
      const l = LIMITS[g.what!]!;
      const ev: MailEvent = {
        kind: 'reject', pattern: 'postfix.smtpd.anvil-limit', mta: 'postfix', ...client(g),
        reply: { code: l.code, codeDerived: true, enhanced: l.enhanced, text: `${l.text} ${g.clientIp}`, stage: l.stage, direction: 'inbound' },
        detail: `${g.what} limit exceeded: ${g.count}`,
        extra: { limit: g.what!, count: Number(g.count), service: g.service! },
      };
      return ev;
    },
    samples: [
      'Nov 29 06:57:25 mx postfix/smtpd[5285]: warning: Connection rate limit exceeded: 5 from unknown[127.0.0.62] for service 127.0.0.1:2525',
      'Nov 29 06:57:35 mx postfix/smtpd[5959]: warning: Connection concurrency limit exceeded: 3 from unknown[127.0.0.72] for service 127.0.0.1:2525',
      'Nov 29 06:57:46 mx postfix/smtpd[5841]: warning: Message delivery request rate limit exceeded: 3 from unknown[127.0.0.78] for service 127.0.0.1:2525',
      'Nov 29 06:57:50 mx postfix/smtpd[5959]: warning: Recipient address rate limit exceeded: 7 from unknown[127.0.0.88] for service 127.0.0.1:2525',
    ],
  },
];
