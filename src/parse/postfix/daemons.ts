import type { PatternRow } from '../table.js';
import { PS_PEER, QID, client } from './common.js';

// Housekeeping lines of the daemons around the mail flow: recognised so they are not
// misses, kept as 'info' with the few fields worth having. Each row names its shapes;
// none of them takes "anything" from a daemon.

function info(id: string, detail?: string, extra?: Record<string, string | number>) {
  return { kind: 'info' as const, pattern: id, mta: 'postfix' as const, detail, extra };
}

export const daemonRows: PatternRow[] = [
  {
    // smtpd_discard_ehlo_keywords / smtp_discard_ehlo_keywords without "silent-discard": one line per EHLO
    id: 'postfix.ehlo-keywords.discarded',
    services: ['smtpd', 'smtp', 'lmtp'],
    re: /^discarding EHLO keywords: (?<keywords>.+)$/,
    build: (g) => info('postfix.ehlo-keywords.discarded', g.keywords),
    samples: [
      // (message-only corpus line, prefix added)
      'Oct 26 18:13:50 mx postfix/smtpd[1]: discarding EHLO keywords: CHUNKING ETRN DSN 8BITMIME',
    ],
  },
  {
    id: 'postfix.master.lifecycle',
    services: ['master'],
    re: /^(?<detail>(?:daemon started|reload) -- version (?<version>\S+), configuration \S+|terminating on signal \d+)$/,
    build: (g) => info('postfix.master.lifecycle', g.detail, g.version ? { version: g.version } : undefined),
    samples: [
      'Nov 28 17:55:46 mx postfix/master[4812]: daemon started -- version 3.7.11, configuration /etc/postfix',
      'Feb 25 14:09:43 server1 postfix/master[1295]: reload -- version 2.10.1, configuration /etc/postfix',
      '2026-11-28T18:02:45.146697+00:00 vm postfix/master[7119]: terminating on signal 15',
    ],
  },
  {
    id: 'postfix.postfix-script.lifecycle',
    services: ['postfix-script'],
    re: /^(?<detail>(?:starting|stopping|refreshing) the Postfix mail system|waiting for the Postfix mail system to terminate|the Postfix mail system is (?:not )?running(?:: .*)?)$/,
    build: (g) => info('postfix.postfix-script.lifecycle', g.detail),
    samples: [
      'Nov 28 17:55:46 mx postfix/postfix-script[4810]: starting the Postfix mail system',
      'Nov 28 17:59:18 mx postfix/postfix-script[6880]: stopping the Postfix mail system',
      '2026-11-28T18:02:45.144099+00:00 vm postfix/postfix-script[8661]: waiting for the Postfix mail system to terminate',
    ],
  },
  {
    id: 'postfix.postsuper.summary',
    services: ['postsuper'],
    re: /^(?<action>Deleted|Requeued|Placed on hold|Released from hold): (?<count>\d+) messages?$/,
    build: (g) => info('postfix.postsuper.summary', g.action, { messages: Number(g.count) }),
    samples: ['Nov 28 17:59:16 mx postfix/postsuper[6868]: Deleted: 2 messages'],
  },
  {
    // postsuper -h / -H / -r, one line per message (-d logs "removed", the qmgr row). A requeued
    // message leaves its queue id for good: pickup gives it a new one ("uid=... orig_id=<old id>")
    id: 'postfix.postsuper.message',
    services: ['postsuper'],
    re: new RegExp(`^${QID}: (?<action>placed on hold|released from hold|requeued)$`),
    build: (g) => g.action === 'requeued'
      ? { kind: 'removed' as const, pattern: 'postfix.postsuper.message', mta: 'postfix' as const, queueId: g.queueId, detail: g.action }
      : { ...info('postfix.postsuper.message', g.action), queueId: g.queueId },
    samples: [
      'Nov 29 06:58:31 mx postfix/postsuper[7506]: E42E01621E4: placed on hold',
      'Nov 29 06:58:32 mx postfix/postsuper[7529]: E42E01621E4: released from hold',
      'Nov 29 06:58:32 mx postfix/postsuper[7530]: ADE5B162224: requeued',
    ],
  },
  {
    // anvil and scache print their counters every stats interval
    id: 'postfix.statistics',
    services: ['anvil', 'scache'],
    re: /^statistics: (?<detail>.*)$/,
    build: (g) => info('postfix.statistics', g.detail),
    samples: [
      'Nov 28 17:59:06 mx postfix/scache[6223]: statistics: domain lookup hits=0 miss=1 success=0%',
      'Oct 22 02:12:45 conch postfix/anvil[26709]: statistics: max connection rate 3/60s for (smtp:94.156.37.30) at Oct 22 02:04:14',
    ],
  },
  {
    id: 'postfix.dnsblog.listed',
    services: ['dnsblog'],
    re: /^addr (?<clientIp>\S+) listed by domain (?<domain>\S+) as (?<answer>\S+)$/,
    build: (g) => ({ ...info('postfix.dnsblog.listed', g.domain, { dnsbl: g.domain!, answer: g.answer! }), clientIp: g.clientIp }),
    samples: ['2023-03-14T00:01:16.648293+01:00 helga postfix/dnsblog[301152]: addr 180.214.239.18 listed by domain zen.spamhaus.org as 127.0.0.4'],
  },
  {
    id: 'postfix.postscreen.cache-cleanup',
    services: ['postscreen', 'verify'],
    re: /^cache (?<table>\S+) full cleanup: retained=(?<retained>\d+) dropped=(?<dropped>\d+) entries$/,
    build: (g) => info('postfix.postscreen.cache-cleanup', g.table, { retained: Number(g.retained), dropped: Number(g.dropped) }),
    samples: ['Nov 28 17:55:49 mx postfix/postscreen[4821]: cache btree:/var/lib/postfix/postscreen_cache full cleanup: retained=0 dropped=0 entries'],
  },
  {
    // a daemon noticed that a lookup table file changed and restarts to reopen it
    id: 'postfix.table-changed',
    services: '*',
    re: /^table (?<table>\S+) has changed -- restarting$/,
    build: (g) => info('postfix.table-changed', g.table),
    samples: ['Feb 14 19:05:25 123-mail postfix/smtpd[1517]: table hash:/etc/postfix/virtual_mailbox_maps(0,lock|fold_fix) has changed -- restarting'],
  },
  {
    // the "postfix" command itself at start-up when compatibility_level is old
    id: 'postfix.compatibility',
    services: ['postfix'],
    re: /^(?:Postfix is running with backwards-compatible default settings|See \S+COMPATIBILITY_README\S* for details|To disable backwards compatibility use .*)$/,
    build: (_g, rec) => info('postfix.compatibility', rec.message),
    samples: [
      'Oct  2 18:37:35 telaviv1 postfix[1086537]: Postfix is running with backwards-compatible default settings',
      'Oct  2 18:37:35 telaviv1 postfix[1086537]: To disable backwards compatibility use "postconf compatibility_level=2" and "postfix reload"',
    ],
  },
  {
    id: 'postfix.tlsproxy.session',
    services: ['tlsproxy'],
    re: new RegExp(`^(?:(?<connect>CONNECT) from|DISCONNECT) ${PS_PEER}$`),
    build: (g) => ({ ...info('postfix.tlsproxy.session', g.connect ? 'CONNECT' : 'DISCONNECT'), ...client(g) }),
    samples: [
      '2023-03-14T00:05:05.352143+01:00 helga postfix/tlsproxy[301555]: CONNECT from [122.189.87.41]:52908',
      '2023-03-14T00:05:07.150928+01:00 helga postfix/tlsproxy[301555]: DISCONNECT [122.189.87.41]:52908',
    ],
  },
  {
    id: 'postfix.tlsproxy.handshake-failed',
    services: ['tlsproxy'],
    re: new RegExp(`^TLS handshake failed for service=(?<svc>\\S+) peer=${PS_PEER}$`),
    // tlsproxy serves postscreen and smtpd (service=smtpd) and, since Postfix 3.4, the smtp client
    build: (g) => {
      const outbound = /(?:^|\/)(?:smtp|lmtp)$/.test(g.svc!);
      const e = { ...info('postfix.tlsproxy.handshake-failed', 'TLS handshake failed', { service: g.svc! }), kind: 'tls' as const, tlsFailure: outbound ? 'outbound' as const : 'inbound' as const };
      return outbound ? { ...e, relayIp: g.clientIp!, relayPort: Number(g.clientPort) } : { ...e, ...client(g) };
    },
    samples: ['2023-03-14T02:52:59.199036+01:00 helga postfix/tlsproxy[312898]: TLS handshake failed for service=smtpd peer=[114.223.181.147]:59869'],
  },
];

/**
 * With "-v" in master.cf (or debug_peer_list) a daemon narrates its internals: C function
 * names ("qmgr_scan_start: ..."), attribute exchanges, request codes. Recognised as such so
 * a verbose log does not drown the real misses; they carry nothing to store.
 */
// Openings of verbose lines (the rest of the line is free text) ...
const VERBOSE_OPENINGS = [
  '[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?:: | = )', // C function names and parameter dumps
  'input attribute (?:name|value): ', 'send attr ', '(?:[\\w-]+/)?[\\w-]+ socket: wanted attribute: ',
  'name_mask: ', 'process generation: ', 'connect to subsystem ', 'host name lookup methods: ', 'mynetworks: ', 'fsspace: ',
  '[<>] [^\\s\\[]*\\[[^\\]]*\\]: ', // the SMTP conversation of a debug_peer_list client
  '(?:before|after) [a-z_]+: ', 'open (?:incoming|active|deferred|hold|maildrop)/', '(?:Compiled against|Run-time linked against) ',
  '(?:start|end) move queue ', '(?:initial|extracted) envelope ', 'cleanup flags = ', 'pref +\\d+ host ', 'lookup \\S+ type \\w+ flags ',
];
// ... and whole verbose lines.
const VERBOSE_LINES = [
  '>>> .* <<<', 'wakeup \\w+ after \\d+ secs', '\\w+: recipient limit \\d+', 'request: \\d+ \\(.\\)', 'request ignored',
  'done (?:incoming|deferred|active|hold) queue scan', '(?:start|end) sorted recipient list', 'transport_event: \\S+',
  'connection (?:established|closed)', '\\w+ stream disconnect', '(?:idle timeout|master disconnect) -- exiting',
  'connecting to \\S+ port \\d+', '(?:begin|end) \\S+ address list',
];
const VERBOSE = new RegExp(`^(?:${VERBOSE_OPENINGS.join('|')}|(?:${VERBOSE_LINES.join('|')})$)`);

export const verboseRows: PatternRow[] = [
  {
    id: 'postfix.verbose',
    services: '*',
    re: VERBOSE,
    build: (_g, rec) => info('postfix.verbose', rec.message, { verbose: 1 }),
    samples: [
      'Feb 25 14:09:43 server1 postfix/qmgr[5898]: qmgr_scan_start: start incoming queue scan',
      'Feb 25 15:36:31 server1 postfix/qmgr[5898]: input attribute value: (end)',
      'Feb 25 15:36:29 server1 postfix/qmgr[5898]: private/smtp socket: wanted attribute: status',
      'Feb 25 14:09:43 server1 postfix/qmgr[5898]: request: 87 (W)',
      'Feb 25 14:09:43 server1 postfix/qmgr[5898]: done incoming queue scan',
      'Feb 26 12:27:16 server1 postfix/smtpd[6006]: > localhost[127.0.0.1]: 550 5.1.1 <This@server1.alsoft.org>: Recipient address rejected: User unknown in local recipient table',
      'Feb 25 15:35:16 server1 postfix/smtpd[24974]: unknown_address_tempfail_action = defer_if_permit',
      'Feb 25 15:36:07 server1 postfix/smtpd[24974]: >>> START Recipient address RESTRICTIONS <<<',
      'Feb 25 15:38:16 server1 postfix/smtpd[24974]: idle timeout -- exiting',
      'Feb 26 12:27:16 server1 postfix/cleanup[6009]: initial envelope A log_client_name=localhost',
      'Feb 25 15:36:36 server1 postfix/smtpd[24974]: proxymap stream disconnect',
    ],
  },
];
