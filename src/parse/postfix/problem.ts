import type { PatternRow } from '../table.js';
import { QID } from './common.js';

// Daemon trouble: "warning:", "error:", "fatal:", "panic:" from any Postfix program
// (including sendmail/postdrop/postfix-script). Last in the table: specific shapes that
// start with these words (SASL failures, cleanup header warnings) come first.

export const problemRows: PatternRow[] = [
  {
    id: 'postfix.problem',
    services: '*',
    re: new RegExp(`^(?<severity>warning|error|fatal|panic): (?:${QID}: )?(?<detail>.*)$`),
    build: (g) => ({ kind: 'problem', pattern: 'postfix.problem', mta: 'postfix', queueId: g.queueId, severity: g.severity, detail: g.detail }),
    samples: [
      'Nov 28 17:57:02 mx postfix/milterdown/smtpd[5786]: warning: connect to Milter service inet:127.0.0.1:2899: Connection refused',
      'Feb 25 13:57:44 server1 postfix/sendmail[3072]: fatal: Recipient addresses must be specified on the command line or via the -t option',
      'Feb 26 13:25:23 server1 postfix/master[14209]: fatal: bind 127.0.0.1 port 25: Address already in use',
      'Feb 26 11:39:10 server1 postfix/postfix-script[26688]: error: unknown command: \'restar\'',
    ],
  },
];
