import type { MailEvent } from '../../model/types.js';
import type { PatternRow } from '../table.js';
import { QID } from './common.js';

const ORIG_ID = /(?:^| )orig_id=(\w+)/;

// qmgr and pickup: a message's life in the queue, keyed by queue id.

export const qmgrRows: PatternRow[] = [
  {
    id: 'postfix.qmgr.received',
    services: ['qmgr', 'oqmgr'],
    re: new RegExp(`^ *${QID}: from=<(?<sender>[^>]*)>, size=(?<size>\\d+), nrcpt=(?<nrcpt>\\d+) \\(queue active\\)$`),
    build: (g) => ({
      kind: 'received', pattern: 'postfix.qmgr.received', mta: 'postfix', queueId: g.queueId,
      sender: g.sender, size: Number(g.size), nrcpt: Number(g.nrcpt),
    }),
    samples: ['Nov 28 17:55:49 mx postfix/qmgr[4814]: AEC3E1602A1: from=<noreply@shop.test>, size=468, nrcpt=1 (queue active)'],
  },
  {
    id: 'postfix.qmgr.removed',
    // postsuper -d logs the same words for each message it deletes
    services: ['qmgr', 'oqmgr', 'postsuper'],
    re: new RegExp(`^${QID}: removed$`),
    build: (g) => ({ kind: 'removed', pattern: 'postfix.qmgr.removed', mta: 'postfix', queueId: g.queueId }),
    samples: ['Nov 28 17:55:49 mx postfix/qmgr[4814]: AEC3E1602A1: removed'],
  },
  {
    id: 'postfix.qmgr.expired',
    services: ['qmgr', 'oqmgr'],
    re: new RegExp(`^${QID}: from=<(?<sender>[^>]*)>, status=(?<force>force-)?expired, returned to sender$`),
    build: (g) => ({
      kind: 'expired', pattern: 'postfix.qmgr.expired', mta: 'postfix', queueId: g.queueId, sender: g.sender, status: 'expired',
      // postsuper -e forces expiry (Postfix 3.5 and later): qmgr_active.c logs "force-expired" for a
      // message with QMGR_FORCE_EXPIRE set, whatever its age. The status as logged stays in detail, so
      // the row is not taken for a queue lifetime that ran out (app/derive.ts FORCED_EXPIRY).
      ...(g.force ? { detail: 'force-expired', extra: { forced: 1 } } : {}),
    }),
    samples: [
      'Nov 28 17:58:46 mx postfix/qmgr[4814]: DEFD71602BF: from=<erin@lab.example>, status=expired, returned to sender',
      'Apr 10 14:50:16 mail postfix/qmgr[3663]: BACE842E73: from=<noreply@domain.com>, status=force-expired, returned to sender',
    ],
  },
  {
    id: 'postfix.qmgr.skipped',
    services: ['qmgr', 'oqmgr'],
    re: new RegExp(`^${QID}: skipped, still being delivered$`),
    build: (g) => ({ kind: 'info', pattern: 'postfix.qmgr.skipped', mta: 'postfix', queueId: g.queueId, detail: 'skipped, still being delivered' }),
    samples: ['Dec 15 19:30:03 phoenix postfix/qmgr[19166]: 144EC11002A1: skipped, still being delivered'],
  },
  {
    id: 'postfix.pickup.uid',
    services: ['pickup'],
    re: new RegExp(`^${QID}: uid=(?<uid>\\d+) from=<(?<sender>[^>]*)>(?: (?<rest>.*))?$`),
    build: (g) => {
      const ev: MailEvent = { kind: 'pickup', pattern: 'postfix.pickup.uid', mta: 'postfix', queueId: g.queueId, sender: g.sender, extra: { uid: Number(g.uid) }, detail: g.rest };
      // postsuper -r: the message comes back under a new queue id naming the old one
      const orig = g.rest === undefined ? null : ORIG_ID.exec(g.rest);
      if (orig) ev.parentQueueId = orig[1];
      return ev;
    },
    samples: ['Nov 28 17:55:52 mx postfix/pickup[4813]: 0BB771602B2: uid=0 from=<root>', 'Nov 29 06:58:32 mx postfix/pickup[4652]: F1A63162261: uid=103 from=<erin@lab.example> orig_id=ADE5B162224'],
  },
];
