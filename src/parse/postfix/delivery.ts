import type { DeliveryStatus } from '../../model/types.js';
import type { PatternRow } from '../table.js';
import { splitReply, stageOf } from '../smtp-reply.js';
import { QID } from './common.js';

const SAID = /^host (?<relayHost>[^\s[]*)\[(?<relayIp>[^\]]*)\] said: (?<reply>.*?)(?: \(in reply to (?<stage>.+?) command\))?$/s;

export const deliveryRows: PatternRow[] = [
  {
    id: 'postfix.delivery.status',
    services: ['smtp', 'lmtp', 'local', 'virtual', 'pipe', 'error', 'retry', 'discard'],
    re: new RegExp(
      `^${QID}: to=<(?<recipient>[^>]*)>,(?: orig_to=<(?<origRecipient>[^>]*)>,)? relay=(?<relay>[^,]*), (?:conn_use=\\d+, )?delay=(?<delay>[\\d.]+), delays=(?<delays>[\\d./]+), dsn=(?<dsn>\\d\\.\\d{1,3}\\.\\d{1,3}), status=(?<status>\\w+) \\((?<detail>.*)\\)$`,
    ),
    build: (g) => {
      const said = SAID.exec(g.detail!);
      const reply = said ? splitReply(said.groups!.reply!, 'outbound', stageOf(said.groups!.stage)) : undefined;
      return {
        kind: 'delivery', pattern: 'postfix.delivery.status', mta: 'postfix', queueId: g.queueId,
        recipient: g.recipient, origRecipient: g.origRecipient, status: g.status as DeliveryStatus,
        dsn: g.dsn, delay: Number(g.delay), delays: g.delays, detail: g.detail, reply,
      };
    },
    samples: [
      'Nov 28 17:57:04 mx postfix/smtp[5979]: DC16D160296: to=<r550-info2@bounce.test>, relay=127.0.0.1[127.0.0.1]:2526, delay=0.18, delays=0.09/0/0.05/0.04, dsn=5.1.1, status=bounced (host 127.0.0.1[127.0.0.1] said: 550 5.1.1 <r550-info2@bounce.test>: Recipient address rejected: User unknown (in reply to RCPT TO command))',
    ],
  },
];
