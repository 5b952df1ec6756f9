import type { Reply, Stage, StallKind } from '../../model/types.js';
import { splitReply, stageOf } from '../smtp-reply.js';
import { parseHost, type HostSpec } from './fields.js';

/**
 * Exim writes a multi-line reply as one field with literal "\n" between the lines:
 * "550-5.1.1 first\n550-5.1.1 second\n550 5.1.1 last". The lines are joined with spaces,
 * each losing its repeated codes, so the reply reads like a single-line one.
 */
export function joinContinuation(text: string): string {
  if (!text.includes('\\n')) return text;
  const lines = text.split('\\n');
  const head = /^([2-5]\d\d)[ -](?:([2-5]\.\d{1,3}\.\d{1,3}) )?/.exec(lines[0]!);
  if (!head) return lines.join(' ');
  const code = head[1]!;
  const strip = new RegExp(`^${code}[ -](?:[2-5]\\.\\d{1,3}\\.\\d{1,3} )?`);
  const body = lines.map((l) => l.replace(strip, '')).join(' ');
  return `${code} ${head[2] ? head[2] + ' ' : ''}${body}`;
}

/** Phases Exim names after "SMTP error from remote mail server after ...". */
export function phaseStage(phase: string): Stage | null {
  let p = phase.startsWith('pipelined ') ? phase.slice(10) : phase;
  if (p.startsWith('sending data block')) return 'DATA';
  if (p.startsWith('initial connection')) return 'CONNECT';
  if (p.startsWith('end of data')) return 'END-OF-DATA';
  if (p.startsWith('BDAT')) p = 'BDAT';
  return stageOf(p);
}

/** A reply from our own server: the stated code if the text has one, else the one the shape implies. */
export function inboundReply(text: string, stage: Stage | null, implied: number): Reply {
  // an ACL message with a colon in it is logged in double quotes
  const t = text.length > 1 && text.startsWith('"') && text.endsWith('"') ? text.slice(1, -1) : text;
  const r = splitReply(joinContinuation(t), 'inbound', stage);
  if (r.code !== null) return r;
  if (r.enhanced !== null) {
    const cls = r.enhanced[0] === '4' ? 451 : 550;
    return { ...r, code: Math.floor(implied / 100) === Math.floor(cls / 100) ? implied : cls, codeDerived: true };
  }
  return { ...r, code: implied, codeDerived: true };
}

export interface RemoteError {
  reply?: Reply;
  stallKind?: StallKind;
  afterStage?: Stage;
  bytes?: number;
  relay?: HostSpec;
  /** the text without the remote host older Exim releases put inside it (see HOST_IN_PHASE), when it had one */
  text?: string;
  /** short machine word: 'retry-timeout', 'retry-not-reached', 'hosts-failing', 'unrouteable', ... */
  reason?: string;
}

const SMTP_ERROR = /(?:SMTP|LMTP) error (?:from remote mail server )?after (?<phase>.+?): (?<reply>[2-5]\d\d(?:[ -].*)?)$/s;
const TIMEOUT = /SMTP timeout after (?<phase>.+?)(?: \((?<bytes>\d+) bytes written\))?(?::|$)/;
const CLOSED = /Remote host closed connection (?:in response to|after) (?<phase>.+?)(?: \(|:|$)/;
const RELAY_IN = /(?:^| )H=(?<spec>.+?)\s?: /;
// Older Exim releases (the corpus's ddgrey log of 2020, the Exim test suite) named the remote inside
// the error, between the command and the reply, where 4.96 puts H= before the text: "SMTP error from
// remote mail server after MAIL FROM:<a@b> SIZE=2204: host mx.example.net [192.0.2.7]: 550 5.7.1 ...".
// Found at the end of the phase.
const HOST_IN_PHASE = /: host (?<spec>[^\s()[\]]+ \[[^\]\s]*\](?::\d+)?)$/;

const REASONS: Array<[RegExp, string]> = [
  [/^retry timeout exceeded/, 'retry-timeout'],
  [/have been failing for a long time/, 'hosts-failing'],
  [/retry time not (?:yet )?reached/i, 'retry-not-reached'],
  [/^Unrouteable address/, 'unrouteable'],
  [/^Connection refused/, 'connection-refused'],
  [/^Connection timed out/, 'connection-timeout'],
  [/^Network is unreachable/, 'network-unreachable'],
  [/^No route to host/, 'no-route'],
  [/remote host address is the local host/, 'local-loop'],
];

/** What a delivery failure text ("SMTP error from remote mail server after ...", timeouts...) says. */
export function remoteError(text: string): RemoteError {
  const out: RemoteError = {};
  const rel = RELAY_IN.exec(text);
  if (rel) {
    const h = parseHost(rel.groups!.spec!);
    if (h) out.relay = h.spec;
  }
  const e = SMTP_ERROR.exec(text);
  if (e) {
    let phase = e.groups!.phase!;
    const reply = e.groups!.reply!;
    const inPhase = HOST_IN_PHASE.exec(phase);
    if (inPhase) {
      const h = parseHost(inPhase.groups!.spec!);
      if (h && !out.relay) out.relay = h.spec;
      // the match ends with "<phase>: <reply>": the host's place in the text, taken out as H= is
      const at = e.index + e[0].length - reply.length - 2 - phase.length + inPhase.index;
      out.text = text.slice(0, at) + text.slice(at + inPhase[0].length);
      phase = phase.slice(0, inPhase.index);
    }
    out.reply = splitReply(joinContinuation(reply), 'outbound', phaseStage(phase));
    return out;
  }
  const t = TIMEOUT.exec(text);
  if (t) {
    const phase = t.groups!.phase!.replace(/^pipelined /, '');
    out.afterStage = phaseStage(phase) ?? 'UNKNOWN';
    if (t.groups!.bytes !== undefined) out.bytes = Number(t.groups!.bytes);
    if (phase.startsWith('sending data block')) out.stallKind = 'outbound.timeout-message-body';
    else if (phase.startsWith('end of data')) out.stallKind = 'outbound.timeout-end-of-data';
    out.reason = 'timeout';
    return out;
  }
  const c = CLOSED.exec(text);
  if (c) {
    const phase = c.groups!.phase!.replace(/^pipelined /, '');
    out.afterStage = phaseStage(phase) ?? 'UNKNOWN';
    if (phase.startsWith('sending data block')) out.stallKind = 'outbound.closed-data-block';
    else if (phase.startsWith('end of data')) out.stallKind = 'outbound.lost-end-of-data';
    out.reason = 'closed';
    return out;
  }
  for (const [re, reason] of REASONS) {
    if (re.test(text)) {
      out.reason = reason;
      break;
    }
  }
  return out;
}
