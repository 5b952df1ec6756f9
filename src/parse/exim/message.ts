import type { DeliveryStatus, MailEvent } from '../../model/types.js';
import type { Groups, PatternRow } from '../table.js';
import { splitReply } from '../smtp-reply.js';
import { QID, angle, duration, int, mergedValues, parseFields, type Fields } from './fields.js';
import { remoteError } from './reply.js';
import { readRecipient } from './recipient.js';

// Lines about one message: arrival, each delivery attempt, completion, freezing.

/** a value worth keeping in extra (named stores below, not a store by a key variable: those are slow) */
const has = (v: string | undefined): v is string => v !== undefined && v !== '';

function common(f: Fields, extra: Record<string, string | number>): void {
  const v = f.values;
  if (has(v.X)) extra.tls = v.X;
  if (has(v.CV)) extra.cv = v.CV;
  if (has(v.DN)) extra.dn = v.DN;
  if (has(v.A)) extra.auth = v.A;
  if (has(v.U)) extra.user = v.U;
  if (has(v.I)) extra.interface = v.I;
}

// "for a@b c@d" ends an arrival line: what /^for (.+)$/ captures, without running it on every arrival
const LINE_BREAK = /[\n\r\u2028\u2029]/;
function recipientsOf(t: string): string | null {
  return t.length > 4 && t.startsWith('for ') && !LINE_BREAK.test(t) ? t.slice(4) : null;
}

/**
 * log_selector +received_sender (in +all) puts the unrewritten envelope sender before the
 * recipients: "T="subject" from <a@b> for c@d" ("from a@b" in older releases). The line's own
 * sender (after "<=") is the one kept: what follows is read.
 */
function afterSender(t: string): string {
  if (!t.startsWith('from ')) return t;
  const end = t.charCodeAt(5) === 60 /* < */ ? t.indexOf('>', 5) + 1 : t.indexOf(' ', 5);
  return end <= 0 ? '' : t.slice(end).trimStart();
}

/** A letter or digit first (or nothing): no leading space or colon to take off. */
function startsWithWord(s: string): boolean {
  const c = s.charCodeAt(0);
  return s === '' || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Object.keys(o).length === 0, with no array built */
function isEmpty(o: object): boolean {
  for (const k in o) if (Object.hasOwn(o, k)) return false;
  return true;
}

function spaces(s: string): number {
  let n = 0;
  for (let i = s.indexOf(' '); i >= 0; i = s.indexOf(' ', i + 1)) n++;
  return n;
}

function received(g: Groups, flag: string): MailEvent {
  const sender = g.sender === '<>' ? '' : g.sender!;
  const f = parseFields(g.rest ?? '');
  const v = f.values;
  const extra: Record<string, string | number> = {};
  if (flag !== '<=') extra.flag = flag;
  common(f, extra);
  if (has(v.T)) extra.subject = v.T;
  if (sender === '' && v.R !== undefined) extra.bounce_of = v.R;
  else if (has(v.R)) extra.router = v.R;
  const rcpts = recipientsOf(afterSender(f.tail.trim()));
  const ev: MailEvent = {
    kind: 'received', pattern: 'exim.received', mta: 'exim',
    queueId: g.queueId, sender,
  };
  if (f.host) {
    if (f.host.host !== undefined) ev.clientHost = f.host.host;
    if (f.host.helo !== undefined) ev.helo = f.host.helo;
    if (f.host.ip !== undefined) ev.clientIp = f.host.ip;
    if (f.host.port !== undefined) ev.clientPort = f.host.port;
  }
  if (v.P !== undefined) ev.protocol = v.P;
  const size = int(v.S);
  if (size !== undefined) ev.size = size;
  if (v.id !== undefined) ev.messageId = v.id;
  if (extra.bounce_of !== undefined) ev.parentQueueId = v.R;
  if (rcpts !== null) {
    extra.recipients = rcpts;
    ev.nrcpt = spaces(rcpts) + 1;
  }
  if (!isEmpty(extra)) ev.extra = extra;
  return ev;
}

const STATUS: Record<string, DeliveryStatus> = { '=>': 'sent', '->': 'sent', '>>': 'sent', '*>': 'sent', '==': 'deferred', '**': 'bounced' };
const TLS_SESSION = 'TLS session: ';
// log_selector +deliver_time ends a failure's text with " DT=1.2s"; with +outgoing_interface a
// connection's error names our address too ("Connection timed out H=name [ip]:port I=[ip]:port
// DT=8s: SMTP timeout after ..."). Neither is part of what went wrong: they would split groups.
const DT_AT_END = / DT=(\d[\d.wdhms]*)$/;
const IN_ERROR = / (?:I=\[[^\]\s]*\](?::\d+)?|DT=\d[\d.wdhms]*)(?=[ :])/g;
// the Exim test suite's harness writes every positive errno as "dd"
const DEFER = /^(?:(?<routing>routing) )?defer \((?<errno>-?\d+|dd)\)(?<rest>.*)$/s;

/**
 * "=> dave <dave@lab.example>": a local delivery names the user, the address it was sent to is in
 * <>, and the address is the recipient. "=> dave <team@lab.example>": an alias or .forward made the
 * user out of another address; the user is the recipient and the address its original, as
 * Postfix's `to=<dave@…>, orig_to=<team@…>`. A pipe, file or :blackhole: stays with its address.
 */
function recipientOf(first: string, orig: string | undefined): string {
  if (orig === undefined || first.includes('@')) return first;
  const c = first.charCodeAt(0);
  if (c === 124 /* | */ || c === 47 /* / */ || c === 62 /* > */ || c === 58 /* :blackhole: */) return orig;
  // the common case ("=> dave <dave@…>") compares without a substring
  const at = orig.lastIndexOf('@');
  const n = at < 0 ? orig.length : at;
  if (n !== first.length) return first;
  if (orig.startsWith(first)) return orig;
  return orig.slice(0, n).toLowerCase() === first.toLowerCase() ? orig : first;
}

function delivery(g: Groups): MailEvent {
  const flag = g.flag!;
  const status = STATUS[flag]!;
  const extra: Record<string, string | number> = { flag };
  let rest = g.rest!;
  const r = readRecipient(rest);
  let first = rest;
  let orig: string | undefined;
  if (r) {
    first = r.rcpt;
    orig = r.orig;
    if (has(r.parent)) extra.parent = r.parent;
    rest = r.colon ? ':' + rest.slice(r.end) : rest.slice(r.end);
  }
  let f = parseFields(rest);
  let text = f.tail;
  const d = text.includes('defer (') ? DEFER.exec(text.trimStart()) : null;
  if (d) {
    if (d.groups!.errno !== 'dd') extra.errno = Number(d.groups!.errno);
    if (d.groups!.routing) extra.routing = 'yes';
    const more = parseFields(d.groups!.rest!);
    f = { values: mergedValues(f.values, more.values), host: f.host ?? more.host, tail: more.tail };
    text = more.tail;
  }
  if (!startsWithWord(text)) text = text.replace(/^\s*:?\s*/, '');
  const v = f.values;
  if (text.includes('DT=') || text.includes(' I=[')) {
    const dt = DT_AT_END.exec(text);
    if (dt !== null) {
      v.DT ??= dt[1];
      text = text.slice(0, dt.index);
    }
    text = text.replace(IN_ERROR, '');
  }
  common(f, extra);
  if (has(v.R)) extra.router = v.R;
  if (has(v.T)) extra.transport = v.T;
  const from = angle(v.F);
  if (has(from)) extra.sender = from;
  if (has(v.DT)) extra.dt = v.DT;
  const recipient = recipientOf(first, orig);
  const ev: MailEvent = { kind: 'delivery', pattern: 'exim.delivery', mta: 'exim', queueId: g.queueId, recipient, status };
  if (orig !== undefined && orig !== recipient) ev.origRecipient = orig;
  if (recipient !== first) extra.local = first;
  if (f.host) {
    if (f.host.host !== undefined) ev.relayHost = f.host.host;
    if (f.host.ip !== undefined) ev.relayIp = f.host.ip;
    if (f.host.port !== undefined) ev.relayPort = f.host.port;
  }
  const size = int(v.S);
  if (size !== undefined) ev.size = size;
  const qt = duration(v.QT);
  if (qt !== undefined) ev.delay = qt;
  if (status === 'sent') {
    if (v.C !== undefined) ev.reply = splitReply(v.C, 'outbound', 'END-OF-DATA');
    // the remote's confirmation ("250 2.0.0 Ok: queued as X") is the status text, as Postfix's is
    if (text !== '') ev.detail = text;
    else if (v.C !== undefined) ev.detail = v.C;
  } else if (text !== '') {
    ev.detail = text;
    const e = remoteError(text);
    if (e.text !== undefined) ev.detail = e.text;
    if (e.reply) ev.reply = e.reply;
    if (e.stallKind) ev.stallKind = e.stallKind;
    if (e.afterStage) ev.afterStage = e.afterStage;
    if (e.bytes !== undefined) ev.bytes = e.bytes;
    if (e.reason) extra.reason = e.reason;
    if (!f.host && e.relay) {
      if (e.relay.host !== undefined) ev.relayHost = e.relay.host;
      if (e.relay.ip !== undefined) ev.relayIp = e.relay.ip;
    }
  }
  // errno -37 (ERRNO_TLSFAILURE): the handshake or the certificate check failed, and nothing else
  // logs it (a failure that falls back to clear text is a "TLS session:" line of its own)
  if (extra.errno === -37 && text.startsWith(TLS_SESSION)) {
    ev.tlsFailure = 'outbound';
    ev.tlsDetail = text.slice(TLS_SESSION.length);
  }
  if (ev.reply?.enhanced) ev.dsn = ev.reply.enhanced;
  if (isLocal(flag, first, v, text, ev)) ev.localAgent = true;
  ev.extra = extra;
  return ev;
}

// What a local transport itself reports when it fails: appendfile's quota and mailbox format,
// pipe's command exit, the lmtp transport's answer (over a socket or a command: no host).
const LOCAL_FAILURE = /^(?:mailbox is full|mailbox file format unrecognized|Child process of \S+ transport returned|LMTP (?:error|timeout) after)/;

/**
 * Whether our own server did it, with no remote host involved (as Postfix's local, virtual, pipe
 * and discard agents): Exim names the host "H=name [ip]" on every delivery by a remote (smtp)
 * transport, and a local transport (appendfile, pipe, lmtp, autoreply) logs no address.
 */
// what a DNS-routing router says when the remote domain's lookup failed: no local decision
export const DNS_FAILURE_PHRASES = ['host lookup did not complete', 'host lookup failed', 'MX records point to non-existent hosts', 'an MX or SRV record indicated no SMTP service'];
const DNS_FAILURE = new RegExp(DNS_FAILURE_PHRASES.join('|'), 'i');

function isLocal(flag: string, first: string, v: Fields['values'], text: string, ev: MailEvent): boolean {
  if (ev.relayIp !== undefined) return false;
  // delivered: a mailbox, a command, a file, :blackhole: or an ACL's discard
  if (flag === '=>' || flag === '->') return true;
  if (flag !== '==' && flag !== '**') return false;
  // a pipe, file or autoreply an alias or filter made: Exim logs what it runs, not an address
  const c = first.charCodeAt(0);
  if (c === 124 /* | */ || c === 47 /* / */ || c === 62 /* > */) return true;
  if (ev.relayHost !== undefined) return false;
  // a router failed or deferred the address itself (redirect data :fail: or :defer:, an alias
  // file): our configuration's decision, with no transport run and no host asked; unless the router
  // was looking the remote domain up in DNS ("R=dnslookup defer (-1): host lookup did not complete")
  if (!has(v.T)) return has(v.R) && !DNS_FAILURE.test(text);
  // a transport with no host named: a remote one that tried none ("retry time not reached for any
  // host", "Connection refused" before any answer) unless the text is a local transport's own
  return LOCAL_FAILURE.test(text);
}

export const messageRows: PatternRow[] = [
  {
    id: 'exim.received',
    services: '*',
    // a quoted local part may hold spaces: "john doe"@example.org
    re: new RegExp(`^${QID} (?<flag><=|\\(=) (?<sender>"(?:[^"\\\\]|\\\\.)*"@\\S+|\\S+)(?: (?<rest>.*))?$`, 's'),
    build: (g) => received(g, g.flag!),
    samples: [
      '2026-11-28 18:12:54 1xXMus-00043V-1M <= j.smith@partner.test H=(client.lab.test) [127.0.0.1] P=esmtp S=457 id=20261128181254.015592@vm T="Re: your order" for dave@lab.example',
      '2026-11-28 18:13:32 1xXMvU-0004D1-2F <= <> R=1xXMvU-0004Cw-1v U=Debian-exim P=local S=2909 T="Mail delivery failed: returning message to sender" for dave@lab.example',
    ],
  },
  {
    id: 'exim.delivery',
    services: '*',
    re: new RegExp(`^${QID} (?<flag>=>|->|>>|\\*>|==|\\*\\*) (?<rest>.*)$`, 's'),
    build: delivery,
    samples: [
      '2026-11-28 18:13:32 1xXMvU-0004Cn-18 => ok-heidi@sink.test R=lab_manual T=lab_2526 S=484 H=127.0.0.1 [127.0.0.1] C="250 2.0.0 Ok: queued as WYMLWEA3P6"',
      '2026-11-28 18:13:33 1xXMvV-0004DG-0G == r451-sales-team@bounce.test R=lab_manual T=lab_2526 defer (-44) H=127.0.0.1 [127.0.0.1]: SMTP error from remote mail server after RCPT TO:<r451-sales-team@bounce.test>: 451 4.3.0 <r451-sales-team@bounce.test>: Temporary lookup failure',
      '2026-11-28 18:15:49 1xXMvW-0004Ds-0y ** dave@refuse.test: retry timeout exceeded',
    ],
  },
  {
    id: 'exim.completed',
    services: '*',
    re: new RegExp(`^${QID} Completed(?: QT=(?<qt>\\S+))?$`),
    build: (g) => {
      const ev: MailEvent = { kind: 'completed', pattern: 'exim.completed', mta: 'exim', queueId: g.queueId };
      const qt = duration(g.qt);
      if (qt !== undefined) ev.delay = qt;
      return ev;
    },
    samples: ['2026-11-28 18:12:54 1xXMus-00043V-1M Completed'],
  },
  {
    id: 'exim.frozen',
    services: '*',
    re: new RegExp(`^${QID} (?:Message is frozen|Frozen(?: \\((?<why>[^)]*)\\))?|frozen by (?<by>.+))$`),
    build: (g) => ({
      kind: 'hold', pattern: 'exim.frozen', mta: 'exim', queueId: g.queueId,
      detail: g.by !== undefined ? `frozen by ${g.by}` : g.why !== undefined ? `frozen (${g.why})` : 'frozen',
    }),
    samples: [
      '2026-11-28 18:13:32 1xXMvU-0004Cg-0L frozen by ACL',
      '2026-11-28 18:13:32 1xXMvU-0004Cg-0L Message is frozen',
      '2026-11-28 18:13:36 1xXMvY-0004FP-1m Frozen (delivery error message)',
    ],
  },
  {
    id: 'exim.unfrozen',
    services: '*',
    re: new RegExp(`^${QID} [Uu]nfrozen by (?<by>.+)$`),
    build: (g) => ({ kind: 'info', pattern: 'exim.unfrozen', mta: 'exim', queueId: g.queueId, detail: `unfrozen by ${g.by}` }),
    samples: ['2026-11-28 18:14:22 1xXMvU-0004Cg-0L unfrozen by root', '2026-11-28 18:15:49 1xXMvY-0004FP-1m Unfrozen by errmsg timer'],
  },
  {
    id: 'exim.removed',
    services: '*',
    re: new RegExp(`^${QID} removed by (?<by>\\S+)(?<rest>.*)$`),
    build: (g) => ({ kind: 'removed', pattern: 'exim.removed', mta: 'exim', queueId: g.queueId, detail: `removed by ${g.by}${g.rest}` }),
    samples: ['2026-11-28 18:16:02 1xXMvY-0004Eh-0q removed by root'],
  },
];
