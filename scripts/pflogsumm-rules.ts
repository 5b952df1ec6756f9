import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

// The lines that pflogsumm (Debian 1.1.5-8) and mxlens count differently on purpose, found by
// reading the log once. Each rule names a figure, the direction of the difference and why; the
// comparison accepts a gap only when these rules account for all of it. README, section
// "How mxlens's totals relate to pflogsumm", explains each one.

export type Figure = 'received' | 'delivered' | 'deferred' | 'deferrals' | 'bounced' | 'rejected';

export interface Rule {
  id: string;
  figure: Figure;
  /** +1: mxlens counts the line and pflogsumm does not; -1: the other way round */
  sign: 1 | -1;
  why: string;
}

export const RULES: readonly Rule[] = [
  { id: 'syslog-name-reject', figure: 'rejected', sign: 1, why: 'reject by smtpd/postscreen under a syslog_name pflogsumm does not read' },
  { id: 'smtpd-milter-reject', figure: 'rejected', sign: 1, why: 'smtpd milter-reject (CONNECT..RCPT stage), not counted by pflogsumm' },
  { id: 'smtpd-sasl-failed', figure: 'rejected', sign: 1, why: 'smtpd "SASL ... authentication failed" warning: a refused AUTH (535/454), not counted by pflogsumm' },
  { id: 'smtpd-anvil-limit', figure: 'rejected', sign: 1, why: 'smtpd "... limit exceeded" warning: a client refused by an anvil limit (421/450), not counted by pflogsumm' },
  { id: 'smtpd-size-limit', figure: 'rejected', sign: 1, why: 'smtpd "queue file size limit exceeded" warning: a message refused at end of data (552 5.3.4), not counted by pflogsumm' },
  { id: 'syslog-name-received', figure: 'received', sign: 1, why: 'client=/pickup line under a syslog_name pflogsumm does not read' },
  { id: 'repeated-client', figure: 'received', sign: -1, why: 'client= line repeated for a queue id still in the queue (pflogsumm counts each line)' },
  { id: 'padded-received', figure: 'received', sign: 1, why: "client= line with spaces before the queue id (pflogsumm wants ']: ID: client=')" },
  { id: 'padded-reject', figure: 'rejected', sign: 1, why: 'reject line with spaces before the queue id' },
  { id: 'syslog-name-delivered', figure: 'delivered', sign: 1, why: 'status=sent line pflogsumm cannot read (syslog_name or zone-less RFC 3339)' },
  { id: 'syslog-name-deferred', figure: 'deferred', sign: 1, why: 'message deferred only in lines pflogsumm cannot read' },
  { id: 'syslog-name-deferrals', figure: 'deferrals', sign: 1, why: 'status=deferred line pflogsumm cannot read' },
  { id: 'syslog-name-bounced', figure: 'bounced', sign: 1, why: 'status=bounced line pflogsumm cannot read' },
  { id: 'forwarded', figure: 'delivered', sign: 1, why: "status=sent (forwarded as ...): pflogsumm counts it as 'forwarded'" },
];

// pflogsumm's own view of a line: its two timestamp forms, then the program tag it accepts
const PFL_STAMP = /^(?:... {1,2}\d{1,2} \d\d:\d\d:\d\d|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:[+-]\d\d:\d\d|Z)) \S+ (.+)$/;
const PFL_TAG = /^postfix(?:\/(?:smtps|submission))?\/([^[:]*)/;
// mxlens's view: any stamp, any syslog_name; the service is the tag's last component
const ANY_STAMP = /^(?:[A-Z][a-z]{2} +\d{1,2} \d\d:\d\d:\d\d(?:\.\d+)?|\d{4}-\d\d-\d\dT\S+) (\S+) ([^\s[\]]+?)(?:\[\d+\])?: (.*)$/;

const REMOVED = /^(\w+): removed$/;
const REJECT = /^(?:NOQUEUE|\w+): reject: /;
const MILTER_REJECT = /^(?:NOQUEUE|\w+): milter-reject: /;
const CLIENT = /^(\w+): client=/;
const SASL_FAILED = /^warning: [^\s[]*\[[^\]]*\](?::\d+)?: SASL [\w-]+ authentication failed\b/;
const SIZE_LIMIT = /^warning: (?:NOQUEUE|\w+): queue file size limit exceeded$/;
const ANVIL_LIMIT = /^warning: (?:Connection rate|Connection concurrency|Message delivery request rate|Recipient address rate) limit exceeded: \d+ from [^\s[]*\[[^\]]*\]/;
const PICKUP = /^\w+: (?:sender|uid)=/;
const STATUS = /^\w+: to=<[^>]*>, (?:orig_to=<[^>]*>, )?relay=[^,]+, (?:conn_use=[^,]+, )?delay=[^,]+, (?:delays=[^,]+, )?(?:dsn=[^,]+, )?status=(sent|deferred|bounced)\b(.*)$/;

function postfixTag(program: string): boolean {
  return program.startsWith('postfix') || /\/(?:smtpd|smtp|lmtp|local|virtual|pipe|error|pickup|postscreen)$/.test(program);
}

/** Counts, per rule id, the lines of `file` the rule applies to. */
export async function explainDifferences(file: string): Promise<Map<string, number>> {
  const hits = new Map<string, number>(RULES.map((r) => [r.id, 0]));
  const bump = (id: string): void => {
    hits.set(id, hits.get(id)! + 1);
  };
  /** queue ids (with host) that have had their client= line and not yet been removed */
  const clients = new Set<string>();
  // deferred messages: pflogsumm keys them by queue id alone, mxlens by host and queue id
  const deferredSeen = new Set<string>();
  const deferredUnseen = new Set<string>();
  const lines = createInterface({ input: createReadStream(file, { encoding: 'latin1' }), crlfDelay: Infinity });
  for await (const line of lines) {
    const m = ANY_STAMP.exec(line);
    if (!m || !postfixTag(m[2]!)) continue;
    const host = m[1]!;
    const program = m[2]!;
    // some systems align the queue id with extra spaces; pflogsumm's smtpd rules then miss the line
    const padded = m[3]!.startsWith(' ');
    const message = padded ? m[3]!.trimStart() : m[3]!;
    const service = program.slice(program.lastIndexOf('/') + 1);
    const seen = PFL_STAMP.exec(line);
    const cmd = seen ? PFL_TAG.exec(seen[1]!)?.[1] ?? null : null;
    const pflSmtpd = cmd === 'smtpd' || cmd === 'postscreen';
    if (service === 'smtpd' || service === 'postscreen') {
      if (REJECT.test(message) && !pflSmtpd) bump('syslog-name-reject');
      else if (REJECT.test(message) && padded) bump('padded-reject');
      else if (service === 'smtpd' && MILTER_REJECT.test(message)) bump('smtpd-milter-reject');
      else if (service === 'smtpd' && SASL_FAILED.test(message)) bump('smtpd-sasl-failed');
      else if (service === 'smtpd' && ANVIL_LIMIT.test(message)) bump('smtpd-anvil-limit');
      else if (service === 'smtpd' && SIZE_LIMIT.test(message)) bump('smtpd-size-limit');
      const c = CLIENT.exec(message);
      if (c) {
        const key = `${host}\u0001${c[1]}`;
        if (!pflSmtpd) bump('syslog-name-received');
        else if (padded) bump('padded-received');
        else if (clients.has(key)) bump('repeated-client');
        clients.add(key);
      }
      continue;
    }
    const removed = REMOVED.exec(message);
    if (removed) clients.delete(`${host}\u0001${removed[1]}`);
    if (service === 'pickup' && PICKUP.test(message) && cmd !== 'pickup') bump('syslog-name-received');
    const s = STATUS.exec(message);
    if (!s) continue;
    if (s[1] === 'deferred') {
      const qid = message.slice(0, message.indexOf(':'));
      if (cmd === null) deferredUnseen.add(`${host}\u0001${qid}`);
      else deferredSeen.add(qid);
    }
    if (cmd === null) bump(`syslog-name-${s[1] === 'sent' ? 'delivered' : s[1] === 'deferred' ? 'deferrals' : s[1]}`);
    else if (s[1] === 'sent' && s[2]!.includes('forwarded as ')) bump('forwarded');
  }
  for (const k of deferredUnseen) if (!deferredSeen.has(k.slice(k.indexOf('\u0001') + 1))) bump('syslog-name-deferred');
  return hits;
}
