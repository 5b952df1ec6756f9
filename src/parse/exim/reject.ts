import type { MailEvent, Stage } from '../../model/types.js';
import type { Groups, PatternRow } from '../table.js';
import { ID, QID } from './fields.js';
import { inboundReply } from './reply.js';
import { withHost, withPeer } from './peer.js';
import { limitStage } from './limit-stage.js';
import { stageOf } from '../smtp-reply.js';

// Our server refusing something. Exim logs the reply code only when the ACL's message
// starts with one; otherwise the code the client got is implied by the verb:
// deny -> 550, defer ("temporarily rejected") -> 451 (Exim's ACL defaults).

const OPT_QID = `(?:${QID} )?`;
const ID_ONLY = new RegExp(`^${ID}$`);

export function reject(id: string, g: Groups, stage: Stage, text: string | undefined, implied: number): MailEvent {
  const temp = g.temp !== undefined;
  const ev: MailEvent = {
    kind: 'reject', pattern: id, mta: 'exim',
    reply: inboundReply(text ?? '', stage, temp && implied >= 500 ? 451 : implied),
  };
  if (g.queueId !== undefined) ev.queueId = g.queueId;
  return ev;
}

// What a client gets when an ACL denies a command and gives no code of its own (Exim's
// per-command defaults; the lab's transcript shows 252 for VRFY, 550 for EXPN, 458 for ETRN).
// acl_wherecodes in Exim's globals.c: AUTH 503, ETRN 458; most others 550
const DENY_CODE: Record<string, number> = { VRFY: 252, EXPN: 550, ETRN: 458, AUTH: 503 };
const PROBE_STAGES = new Set(['VRFY', 'EXPN', 'ETRN']);

/**
 * The code a command limit's drop gave the client (smtp_in.c), stored as derived:
 * - unrecognised commands: "500 Too many unrecognized commands";
 * - nonmail commands: "554 Too many nonmail commands";
 * - syntax or protocol errors: Exim answers the last command with that error's own code (500
 *   unrecognised, 501 bad argument, 503 bad sequence, 504...) and repeats it on a "Too many syntax
 *   or protocol errors" line; a bad HELO argument gets "501 Syntactically invalid argument(s)"
 *   alone. The log names the command but not the error, so the code is not known: 500, what an
 *   unrecognised command gets, stands for all of them.
 */
function limitCode(what: string): number {
  if (what.startsWith('nonmail')) return 554;
  return 500;
}

const TOO_BIG = /^message too big: (?:size|read)=(?<n>\d+) max=(?<max>\d+)/;

function sized(ev: MailEvent, text: string | undefined): MailEvent {
  const m = TOO_BIG.exec(text ?? '');
  if (m) {
    ev.size = Number(m.groups!.n);
    ev.extra = { ...ev.extra, max_size: Number(m.groups!.max) };
  }
  return ev;
}

export const rejectRows: PatternRow[] = [
  {
    id: 'exim.reject.auth',
    services: '*',
    re: /^(?:(?<auth>\S+) )?authenticator failed for (?<peer>.*?) ?: (?<text>[45]\d\d[ -].*)$/s,
    build: (g) => {
      const ev = withHost(reject('exim.reject.auth', g, 'AUTH', g.text, 535), g.peer);
      const set = /\(set_id=(?<id>[^)]*)\)$/.exec(g.text!);
      ev.extra = { ...(g.auth !== undefined ? { authenticator: g.auth } : {}), ...(set ? { set_id: set.groups!.id! } : {}) };
      return ev;
    },
    samples: ['2022-06-29 16:04:05 dovecot_login authenticator failed for ([1.2.3.5]) [1.2.3.4]:55379: 535 Incorrect authentication data (set_id=info@test.com)'],
  },
  {
    id: 'exim.reject.sync',
    services: '*',
    re: /^SMTP protocol synchronization error \((?<why>[^)]*)\): rejected(?: (?:connection from |"(?<cmd>[^"]*)" )?(?<peer>.*?))?(?: next input="(?<input>.*)"| input="(?<input2>.*)")?$/s,
    build: (g) => {
      // "next input sent too soon": the quoted command is the one that was refused
      const stage: Stage = g.why!.includes('greeting') ? 'CONNECT' : stageOf(g.cmd) ?? 'UNKNOWN';
      const ev = reject('exim.reject.sync', g, stage, 'SMTP synchronization error', 554);
      withPeer(ev, g.peer);
      ev.detail = g.why!;
      return ev;
    },
    samples: [
      '2026-11-28 18:13:30 SMTP protocol synchronization error (input sent without waiting for greeting): rejected connection from H=[127.0.0.84] input="EHLO bot.spam.test\\r\\n"',
      '2026-11-29 06:49:46 SMTP protocol synchronization error (next input sent too soon: pipelining was not advertised): rejected "MAIL FROM:<newsletter@client.lab.test>" H=(mx.nopipe.test) [127.0.0.83]:44185 next input="RCPT TO:<dave@lab.example>\\r\\nRCPT TO:<heidi@lab.example>\\r\\nDATA\\r\\n"',
    ],
  },
  {
    id: 'exim.reject.too-many',
    services: '*',
    re: /^SMTP call from (?<peer>.*?) dropped: too many (?<what>.+?)(?: \(last was "(?<last>.*)"\))?$/s,
    build: (g) => {
      const ev = withHost(reject('exim.reject.too-many', g, 'CONNECT', `Too many ${g.what}`, limitCode(g.what!)), g.peer);
      ev.reply!.stage = limitStage(g.what!, g.last, ev.helo);
      if (g.last !== undefined) ev.detail = `last was "${g.last}"`;
      return ev;
    },
    samples: ['2026-11-28 18:13:30 SMTP call from (client.lab.test) [127.0.0.112] dropped: too many unrecognized commands (last was "XYZZY3")'],
  },
  {
    id: 'exim.reject.rcpt',
    services: '*',
    re: new RegExp(`^${OPT_QID}(?:(?<pre>.*?) )?(?<temp>temporarily )?rejected RCPT <?(?<rcpt>[^>]*?)>?(?:: (?<text>.*))?$`, 's'),
    build: (g) => {
      const ev = withPeer(reject('exim.reject.rcpt', g, 'RCPT', g.text, 550), g.pre);
      ev.recipient = g.rcpt!;
      return ev;
    },
    samples: [
      '2026-11-28 18:12:55 H=(mail.partner.test) [127.0.0.32] F=<j.smith@partner.test> rejected RCPT <xyz@lab.example>: Unrouteable address',
      '2026-11-28 18:12:57 H=(mail.partner.test) [127.0.0.32] F=<j.smith@partner.test> temporarily rejected RCPT <greylisted@lab.example>: 451 4.7.1 Greylisted, please try again in 300 seconds',
    ],
  },
  {
    id: 'exim.reject.mail-size',
    services: '*',
    re: /^(?<temp>temporarily )?rejected MAIL FROM:<(?<sender>[^>]*)> (?<pre>.*?): (?<text>.*)$/s,
    build: (g) => {
      const big = g.text!.startsWith('message too big');
      const ev = withPeer(reject('exim.reject.mail-size', g, 'MAIL', g.text, big ? 552 : 550), g.pre);
      ev.sender = g.sender!;
      return sized(ev, g.text);
    },
    samples: ['2026-11-28 18:12:55 rejected MAIL FROM:<j.smith@partner.test> H=(smtp.vendor.test) [127.0.0.33]: message too big: size=7029323 max=6500000'],
  },
  {
    // MAIL before HELO/EHLO from a host in hosts_require_helo (every host from Exim 4.95 on): the
    // client got "503 HELO or EHLO required" (smtp_in.c). "from" is followed by host_and_ident
    // ("name (helo) [ip]:port I=[ip]:port U=ident", the ident alone or "unknown" for local SMTP),
    // not by a sender: there is none yet.
    id: 'exim.reject.mail-no-helo',
    services: '*',
    re: /^rejected MAIL from (?<peer>.+?): no HELO\/EHLO given$/s,
    build: (g) => {
      const ev = reject('exim.reject.mail-no-helo', g, 'MAIL', 'no HELO/EHLO given', 503);
      const peer = g.peer!.startsWith('H=') ? g.peer! : `H=${g.peer!}`;
      if (peer.includes('[')) return withPeer(ev, peer);
      if (g.peer !== 'unknown') ev.extra = { user: g.peer!.replace(/^U=/, '') };
      return ev;
    },
    samples: [
      '1999-03-02 09:44:33 rejected MAIL from [127.0.0.1]: no HELO/EHLO given',
      '1999-03-02 09:44:33 rejected MAIL from miss.ehlo.after.xclient (anotherhelo) [127.0.0.3]:10001: no HELO/EHLO given',
    ],
  },
  {
    // smtp_accept_max_per_connection: Exim answers "421 too many messages in this connection" and
    // logs host_and_ident after "command" (smtp_in.c); exim.reject.mail took "command U=CALLER" for a sender
    id: 'exim.reject.mail-per-connection',
    services: '*',
    re: /^rejected MAIL command (?<peer>.+?): too many messages in one connection$/s,
    build: (g) => withPeer(reject('exim.reject.mail-per-connection', g, 'MAIL', 'too many messages in one connection', 421), g.peer),
    samples: ['1999-03-02 09:44:33 rejected MAIL command U=CALLER: too many messages in one connection'],
  },
  {
    id: 'exim.reject.mail',
    services: '*',
    re: new RegExp(`^${OPT_QID}(?:(?<pre>.*?) )?(?<temp>temporarily )?rejected MAIL <?(?<sender>[^>]*?)>?(?:: (?<text>.*))?$`, 's'),
    build: (g) => {
      const ev = withPeer(reject('exim.reject.mail', g, 'MAIL', g.text, 550), g.pre);
      ev.sender = g.sender!;
      return ev;
    },
    samples: [
      '1999-03-02 09:44:33 H=[10.9.8.8] U=CALLER rejected MAIL <bad@test1>',
      '1999-03-02 09:44:33 U=CALLER temporarily rejected MAIL <r1@domain1>: Could not complete sender verify callout',
    ],
  },
  {
    // cutthrough delivery (control = cutthrough_delivery): the remote refused the message at the
    // final dot and Exim relayed that answer to our client. The line names the recipient before
    // F= and the attempted delivery after the colon; the reply the client got is the C="...".
    id: 'exim.reject.data.cutthrough',
    services: '*',
    re: new RegExp(`^${OPT_QID}(?<pre>.*?) (?<rcpt>[^\\s<>"]+@[^\\s<>"]+) F=<(?<sender>[^>]*)> (?<temp>temporarily )?rejected after DATA: (?<delivery>R=\\S+ T=\\S+ .*?)C="(?<text>[^"]*)"$`, 's'),
    build: (g) => {
      const ev = withPeer(reject('exim.reject.data.cutthrough', g, 'END-OF-DATA', g.text, 550), g.pre);
      ev.sender = g.sender!;
      ev.recipient = g.rcpt!;
      ev.extra = { ...ev.extra, cutthrough: g.delivery!.trim() };
      return ev;
    },
    samples: [
      '2026-11-29 13:21:25 1xXeqL-000546-1g H=(localhost.lab.example) [127.0.0.1]:47940 d554-filter@cut.test F=<dave@lab.example> rejected after DATA: R=lab_manual T=lab_2526 S=511 H=127.0.0.1 [127.0.0.1] C="554 5.7.1 Message rejected: spam content detected"',
    ],
  },
  {
    id: 'exim.reject.data',
    services: '*',
    re: new RegExp(`^${OPT_QID}(?:(?<pre>.*?) )?(?<temp>temporarily )?rejected (?:after DATA|during MIME ACL(?: checks)?|by local_scan\\(\\)|by non-SMTP ACL|after DKIM|after PRDR|during DKIM|\\(DKIM\\))(?:: (?<text>.*))?$`, 's'),
    build: (g) => withPeer(reject('exim.reject.data', g, 'END-OF-DATA', g.text, 550), g.pre),
    samples: [
      '2026-11-28 18:13:31 1xXMvT-0004CY-0R H=(mail.partner.test) [127.0.0.32] F=<j.smith@partner.test> rejected after DATA: Message content rejected: spam subject',
      '2026-11-28 18:13:31 1xXMvT-0004Cc-20 H=(mail.partner.test) [127.0.0.32] F=<j.smith@partner.test> temporarily rejected after DATA: 451 4.3.0 Temporary local problem - please try later',
    ],
  },
  {
    id: 'exim.reject.from',
    services: '*',
    re: new RegExp(`^${OPT_QID}(?<temp>temporarily )?rejected from <(?<sender>[^>]*)>(?: (?<pre>.*?))?: (?<text>.*)$`, 's'),
    build: (g) => {
      const big = g.text!.startsWith('message too big');
      const ev = withPeer(reject('exim.reject.from', g, 'END-OF-DATA', g.text, big ? 552 : 550), g.pre);
      ev.sender = g.sender!;
      return sized(ev, g.text);
    },
    samples: ['2026-11-28 18:12:56 1xXMuu-000466-0W rejected from <j.smith@partner.test> H=(smtp.vendor.test) [127.0.0.33]: message too big: read=6932974 max=6500000'],
  },
  {
    id: 'exim.reject.helo-syntax',
    services: '*',
    re: /^(?:(?<pre>.*?) )?rejected (?<cmd>EHLO|HELO) from (?<peer>.*?): syntactically invalid argument\(s\): (?<arg>.*)$/s,
    build: (g) => {
      const ev = reject('exim.reject.helo-syntax', g, 'HELO', 'Syntactically invalid argument(s)', 501);
      ev.helo = g.arg!;
      return withHost(withPeer(ev, g.pre), g.peer);
    },
    samples: ['2026-11-28 18:12:57 rejected EHLO from [127.0.0.122]: syntactically invalid argument(s): bad_helo!name'],
  },
  {
    id: 'exim.reject.helo',
    services: '*',
    re: /^(?:(?<pre>.*?) )?(?<temp>temporarily )?rejected (?:EHLO or HELO|EHLO|HELO) (?<helo>\S*?):?(?: (?<text>.*))?$/s,
    build: (g) => {
      const ev = withPeer(reject('exim.reject.helo', g, 'HELO', g.text, 550), g.pre);
      ev.helo = g.helo!;
      return ev;
    },
    samples: ['1999-03-02 09:44:33 H=(x.y.z) [10.9.8.10] U=CALLER rejected EHLO or HELO x.y.z'],
  },
  {
    id: 'exim.reject.connect',
    services: '*',
    re: /^(?:(?<pre>.*?) )?(?<temp>temporarily )?rejected connection in "connect" ACL(?:: (?<text>.*))?$/s,
    build: (g) => withPeer(reject('exim.reject.connect', g, 'CONNECT', g.text, 550), g.pre),
    samples: ['2026-11-28 18:12:57 H=[127.0.0.56] rejected connection in "connect" ACL: 554 5.7.1 Client host blocked by lab policy'],
  },
  {
    id: 'exim.reject.other-acl',
    services: '*',
    re: new RegExp(`^${OPT_QID}(?:(?<pre>.*?) )?(?<temp>temporarily )?rejected (?<what>[A-Z]{4,9}|predata|"[^"]*")(?: (?<arg>[^:]*(?::\\d+)?))?(?:: (?<text>.*))?$`, 's'),
    build: (g) => {
      const w = g.what!;
      const stage: Stage = PROBE_STAGES.has(w) || w === 'STARTTLS' || w === 'AUTH' ? (w as Stage) : w === 'DATA' || w === 'predata' ? 'DATA' : 'UNKNOWN';
      const ev = withPeer(reject('exim.reject.other-acl', g, stage, g.text, DENY_CODE[w] ?? 550), g.pre);
      ev.extra = { ...ev.extra, command: g.what! };
      return ev;
    },
    samples: [
      '1999-03-02 09:44:33 H=(x.y.z) [127.0.0.1] rejected VRFY a@b.c',
      '1999-03-02 09:44:33 H=(foobar) [127.0.0.1] rejected AUTH plain: STARTTLS required before AUTH',
      '2026-11-29 06:49:45 H=(probe.outside.test) [127.0.0.37]:38441 rejected EXPN team',
      '2026-11-29 06:49:45 H=(probe.outside.test) [127.0.0.37]:38441 rejected ETRN lab.example',
    ],
  },
  {
    id: 'exim.reject.dropped-acl',
    services: '*',
    re: new RegExp(`^${OPT_QID}(?:(?<pre>.*?) )?dropped by '(?<acl>[^']+)' ACL(?:: (?<text>.*))?$`, 's'),
    build: (g) => {
      const acl = g.acl!;
      const stage: Stage = acl === 'connect' ? 'CONNECT' : acl === 'rcpt' ? 'RCPT' : acl === 'mail' ? 'MAIL' : acl === 'data' ? 'END-OF-DATA' : 'UNKNOWN';
      const ev = withPeer(reject('exim.reject.dropped-acl', g, stage, g.text, 550), g.pre);
      ev.extra = { ...ev.extra, acl };
      return ev;
    },
    samples: ["1999-03-02 09:44:33 [1235] H=[127.0.0.1] dropped by 'connect' ACL: we dislike you"],
  },
  {
    id: 'exim.reject.host-reject-connection',
    services: '*',
    // host_reject_connection: Exim answers the greeting with 554 and closes
    re: /^refused connection from (?<peer>.*?) \(host_reject_connection\)$/,
    build: (g) => withHost(reject('exim.reject.host-reject-connection', g, 'CONNECT', '', 554), g.peer),
    samples: ['1999-03-02 09:44:33 refused connection from [127.0.0.1] (host_reject_connection)'],
  },
  {
    id: 'exim.discard.rcpt',
    services: '*',
    re: /^(?:(?<pre>.*?) )?RCPT <(?<rcpt>[^>]*)>: discarded by (?<acl>\S+) ACL(?:: (?<text>.*))?$/s,
    build: (g) => {
      const ev = withPeer({ kind: 'discard', pattern: 'exim.discard.rcpt', mta: 'exim', recipient: g.rcpt!, detail: g.text ?? `discarded by ${g.acl} ACL` }, g.pre);
      ev.extra = { ...ev.extra, acl: g.acl! };
      return ev;
    },
    samples: ['1999-03-02 09:44:33 U=CALLER F=<ok@x.y> RCPT <discard@p.q>: discarded by RCPT ACL: discard message 1'],
  },
  {
    id: 'exim.reject.local-scan-temp',
    services: '*',
    // local_scan() timed out or crashed: the client got 451
    re: /^(?:(?<tok>\S+) )?local_scan\(\) function (?<what>.*?) - message temporarily rejected(?: \(size (?<size>\d+)\))?$/,
    build: (g) => {
      const ev = reject('exim.reject.local-scan-temp', g, 'END-OF-DATA', `local_scan() function ${g.what}`, 451);
      if (g.tok !== undefined && ID_ONLY.test(g.tok)) ev.queueId = g.tok;
      if (g.size !== undefined) ev.size = Number(g.size);
      return ev;
    },
    samples: ['1999-03-02 09:44:33 10HmbH-0005vi-00 local_scan() function timed out - message temporarily rejected (size 29)'],
  },
];
