import type { Rng } from './prng.js';
import type { Client, Host, Step, World } from './world.js';

// Exim 4.9x mainlog scenarios for the benchmark. Every line shape here is copied from a real
// Exim log (the lab run and the public corpus under fixtures/), with names and numbers varied.
// Exim writes one mainlog per host and no host name on its lines, so `host` only fills Step.

const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const TLS = ['TLS1.3:ECDHE_X25519__RSA_PSS_RSAE_SHA256__AES_256_GCM:256', 'TLS1.2:ECDHE_RSA_AES_256_GCM_SHA384:256'];
const SUBJECTS = ['Re: your order', 'Invoice 2026-03', 'Meeting notes', 'Weekly newsletter', 'Fwd: contract draft',
  'Password reset', 'Your parcel is on its way', 'cron output'];
const LOCAL_USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'heidi', 'info', 'sales', 'support'];

function b62(n: number, width: number): string {
  let out = '';
  for (let i = 0; i < width; i++) {
    out = B62[n % 62] + out;
    n = Math.floor(n / 62);
  }
  return out;
}

/** The 16-character id (time-pid-fraction) of Exim before 4.97; a counter stands in for the pid so ids never repeat. */
export class EximIds {
  private n = 0;
  constructor(private readonly rng: Rng, private readonly start: number) {}
  next(): string {
    this.n++;
    return `${b62(Math.floor(this.start / 1000) + this.n, 6)}-${b62(this.n * 7 + 4000, 6)}-${b62(this.rng.int(0, 3843), 2)}`;
  }
}

export interface EximWorld {
  w: World;
  ids: EximIds;
  host: Host;
}

const peer = (c: Client): string => (c.name === 'unknown' ? `H=(${c.ip.replace(/\./g, '-')}.dyn.example) [${c.ip}]` : `H=${c.name} (${c.name}) [${c.ip}]`);
const helo = (c: Client): string => (c.name === 'unknown' ? `(${c.ip.replace(/\./g, '-')}.dyn.example) [${c.ip}]` : `${c.name} (${c.name}) [${c.ip}]`);

function local(w: World): string {
  return `${w.rng.pick(LOCAL_USERS)}@${w.rng.pick(['example.org', 'mail.example.net'])}`;
}

function arrival(x: EximWorld, id: string, from: string, c: Client, rcpt: string, size: number): string {
  const w = x.w;
  const tls = w.rng.chance(0.8) ? ` P=esmtps X=${w.rng.pick(TLS)} CV=no` : ' P=esmtp';
  const msgid = w.messageId(x.host).slice(1, -1);
  return `${id} <= ${from} ${peer(c)}${tls} S=${size} id=${msgid} T="${w.rng.pick(SUBJECTS)}" for ${rcpt}`;
}

/** Delivery to a local mailbox: Exim names the local part, then the address */
const localDelivery = (id: string, rcpt: string, size: number): string => `${id} => ${rcpt.slice(0, rcpt.indexOf('@'))} <${rcpt}> R=local_user T=local_delivery S=${size}`;

const connect = (c: Client, n: number): string => `SMTP connection from [${c.ip}] (TCP/IP connection count = ${n})`;
const quit = (c: Client): string => `SMTP connection from ${helo(c)} closed by QUIT`;

export function eximInbound(x: EximWorld): Step[] {
  const { w, host } = x;
  const c = w.client();
  const id = x.ids.next();
  const from = w.remoteAddress();
  const size = w.size();
  const rcpts = [local(w)];
  if (w.rng.chance(0.2)) rcpts.push(local(w));
  const steps: Step[] = [
    { dt: 0, host, text: connect(c, w.rng.int(1, 6)), facts: ['session'] },
    { dt: w.rng.int(200, 2000), host, text: arrival(x, id, from, c, rcpts.join(' '), size), facts: ['received', 'message', `sender|${from}`] },
    { dt: w.rng.int(5, 100), host, text: quit(c) },
  ];
  for (const r of rcpts) {
    steps.push({ dt: w.rng.int(5, 300), host, text: localDelivery(id, r, size + 150), facts: ['delivered', `to|${r}|delivered`] });
  }
  steps.push({ dt: 1, host, text: `${id} Completed` });
  return steps;
}

export function eximOutbound(x: EximWorld): Step[] {
  const { w, host } = x;
  const id = x.ids.next();
  const rcpt = w.remoteAddress();
  const mx = w.remoteMx(rcpt);
  const user = w.rng.pick(LOCAL_USERS);
  return [
    { dt: 0, host, text: `${id} <= ${user}@example.org U=${user} P=local S=${w.size()} id=${w.messageId(host).slice(1, -1)} T="${w.rng.pick(SUBJECTS)}" for ${rcpt}`, facts: ['received', 'message', `sender|${user}@example.org`] },
    { dt: w.rng.int(100, 3000), host, text: `${id} => ${rcpt} R=dnslookup T=remote_smtp H=${mx.name} [${mx.ip}] X=${w.rng.pick(TLS)} CV=yes C="250 2.0.0 OK ${w.rng.int(1e9, 2e9)} - queued"`, facts: ['delivered', `to|${rcpt}|delivered`] },
    { dt: 1, host, text: `${id} Completed` },
  ];
}

const REJECTS = [
  (r: string): string => `rejected RCPT <${r}>: Unrouteable address`,
  (r: string): string => `rejected RCPT <${r}>: relay not permitted`,
  (r: string): string => `temporarily rejected RCPT <${r}>: 451 4.7.1 Greylisted, please try again in 300 seconds`,
];
/** what the client was answered: Exim's default for an ACL deny is 550 (and 451 for defer); `*` where the log states no enhanced code */
const REJECT_FACTS = ['reject|550|*', 'reject|550|*', 'reject|451|4.7.1'];

export function eximRejected(x: EximWorld): Step[] {
  const { w, host } = x;
  const c = w.client();
  const from = w.remoteAddress();
  const steps: Step[] = [{ dt: 0, host, text: connect(c, w.rng.int(1, 6)), facts: ['session'] }];
  const kind = w.rng.int(0, 3);
  const rcpt = kind === 1 ? w.remoteAddress() : local(w);
  if (kind === 3) {
    steps.push({ dt: w.rng.int(200, 1500), host, text: `${peer(c)} sender verify fail for <${from}>: Unrouteable address` });
    steps.push({ dt: 1, host, text: `${peer(c)} F=<${from}> rejected RCPT <${rcpt}>: Sender verify failed`, facts: ['reject|550|*'] });
  } else {
    steps.push({ dt: w.rng.int(200, 1500), host, text: `${peer(c)} F=<${from}> ${REJECTS[kind]!(rcpt)}`, facts: [REJECT_FACTS[kind]!] });
  }
  steps.push({ dt: w.rng.int(5, 200), host, text: `${peer(c)} incomplete transaction (QUIT) from <${from}>` });
  steps.push({ dt: 1, host, text: quit(c) });
  return steps;
}

/** a 4xx at RCPT, the retry from a later queue run, then the delivery */
export function eximDeferred(x: EximWorld): Step[] {
  const { w, host } = x;
  const steps = eximOutbound(x);
  const m = /^(\S+) => (\S+) R=dnslookup T=remote_smtp H=(\S+) \[(\S+)\]/.exec(steps[1]!.text)!;
  const [, id, rcpt, mx, ip] = m;
  steps.splice(1, 0, { dt: w.rng.int(100, 3000), host, text: `${id} == ${rcpt} R=dnslookup T=remote_smtp defer (-44) H=${mx} [${ip}]: SMTP error from remote mail server after RCPT TO:<${rcpt}>: 451 4.2.0 <${rcpt}>: Mailbox busy, try again later`, facts: ['deferral|451|4.2.0', `deferred-message|${id}`, `to|${rcpt}|deferral`] });
  steps[2]!.dt = w.rng.int(60_000, 900_000);
  return steps;
}

/** a 5xx at RCPT: the ** line, Exim's own bounce message (<= <> R=...) and its local delivery */
export function eximBounce(x: EximWorld): Step[] {
  const { w, host } = x;
  const id = x.ids.next();
  const bid = x.ids.next();
  const user = w.rng.pick(LOCAL_USERS);
  const rcpt = w.remoteAddress();
  const mx = w.remoteMx(rcpt);
  return [
    { dt: 0, host, text: `${id} <= ${user}@example.org U=${user} P=local S=${w.size()} id=${w.messageId(host).slice(1, -1)} T="${w.rng.pick(SUBJECTS)}" for ${rcpt}`, facts: ['received', 'message', `sender|${user}@example.org`] },
    { dt: w.rng.int(100, 3000), host, text: `${id} ** ${rcpt} R=dnslookup T=remote_smtp H=${mx.name} [${mx.ip}]: SMTP error from remote mail server after RCPT TO:<${rcpt}>: 550 5.1.1 <${rcpt}>: Recipient address rejected: User unknown`, facts: ['bounce|550|5.1.1', `to|${rcpt}|bounced`] },
    { dt: w.rng.int(5, 50), host, text: `${bid} <= <> R=${id} U=Debian-exim P=local S=${w.rng.int(1500, 4000)} T="Mail delivery failed: returning message to sender" for ${user}@example.org`, facts: ['message'] },
    { dt: 1, host, text: `${id} Completed` },
    { dt: w.rng.int(5, 100), host, text: localDelivery(bid, `${user}@example.org`, w.rng.int(1600, 4200)), facts: ['delivered', `to|${user}@example.org|delivered`] },
    { dt: 1, host, text: `${bid} Completed` },
  ];
}

/** stalled DATA phases, inbound (354 sent, no final dot) and outbound (remote stops reading) */
export function eximStall(x: EximWorld): Step[] {
  const { w, host } = x;
  const kind = w.rng.int(0, 2);
  if (kind === 2) {
    const steps = eximOutbound(x);
    const m = /^(\S+) => (\S+) R=dnslookup T=remote_smtp H=(\S+) \[(\S+)\]/.exec(steps[1]!.text)!;
    const [, id, rcpt, mx, ip] = m;
    steps.splice(1, 0, { dt: w.rng.int(300_000, 600_000), host, text: `${id} == ${rcpt} R=dnslookup T=remote_smtp defer (110): Connection timed out H=${mx} [${ip}]: SMTP timeout after sending data block (${w.rng.int(65536, 4_000_000)} bytes written)`, facts: ['deferral|-|-', `deferred-message|${id}`, `to|${rcpt}|deferral`, 'stall|outbound'] });
    steps[2]!.dt = w.rng.int(600_000, 1_800_000);
    return steps;
  }
  const c = w.client();
  const id = x.ids.next();
  const from = w.remoteAddress();
  const text = kind === 0
    ? `${id} SMTP data timeout (message abandoned) on connection from ${helo(c)} F=<${from}>`
    : `${id} SMTP connection from ${helo(c)} lost while reading message data`;
  return [
    { dt: 0, host, text: connect(c, w.rng.int(1, 6)), facts: ['session'] },
    { dt: kind === 0 ? 300_000 : w.rng.int(2000, 60_000), host, text, facts: ['stall|inbound'] },
  ];
}

/**
 * Scenarios the benchmark's log leaves out (generateExim's `extra`). A message to recipients at one
 * remote whose TLS session fails: Exim logs the failure on each recipient's == line, one failure
 * of one connection; the next queue run delivers them.
 */
export function eximTlsAttempt(x: EximWorld): Step[] {
  const { w, host } = x;
  const id = x.ids.next();
  const user = w.rng.pick(LOCAL_USERS);
  const domain = w.rng.pick(['gmx.de', 'web.de', 'bank.example.ch']);
  const rcpts = Array.from({ length: w.rng.int(2, 3) }, (_, i) => `${w.rng.pick(['info', 'sales', 'hr'])}${i}@${domain}`);
  const mx = w.remoteMx(rcpts[0]!);
  const steps: Step[] = [
    { dt: 0, host, text: `${id} <= ${user}@example.org U=${user} P=local S=${w.size()} id=${w.messageId(host).slice(1, -1)} T="${w.rng.pick(SUBJECTS)}" for ${rcpts.join(' ')}`, facts: ['received', 'message', `sender|${user}@example.org`] },
  ];
  rcpts.forEach((r, i) => steps.push({
    dt: i === 0 ? w.rng.int(100, 3000) : w.rng.int(0, 400), host,
    text: `${id} == ${r} R=dnslookup T=remote_smtp defer (-37) H=${mx.name} [${mx.ip}]: TLS session: (certificate verification failed): certificate invalid`,
    facts: ['deferral|-|-', `deferred-message|${id}`, `to|${r}|deferral`, ...(i === 0 ? ['tls|outbound'] : [])],
  }));
  rcpts.forEach((r, i) => steps.push({
    dt: i === 0 ? w.rng.int(300_000, 900_000) : w.rng.int(0, 400), host,
    text: `${id} => ${r} R=dnslookup T=remote_smtp H=${mx.name} [${mx.ip}] X=${w.rng.pick(TLS)} CV=yes C="250 2.0.0 OK ${w.rng.int(1e9, 2e9)} - queued"`,
    facts: ['delivered', `to|${r}|delivered`],
  }));
  steps.push({ dt: 1, host, text: `${id} Completed` });
  return steps;
}

/** Deferred at RCPT run after run, skipped between its retry times, until the retry timeout: a bounce with the last deferral's cause. */
export function eximRetryExceeded(x: EximWorld): Step[] {
  const { w, host } = x;
  const id = x.ids.next();
  const bid = x.ids.next();
  const user = w.rng.pick(LOCAL_USERS);
  const rcpt = `${w.rng.pick(['busy', 'full'])}${w.rng.int(1, 99)}@${w.rng.pick(['orange.fr', 'proton.me'])}`;
  const mx = w.remoteMx(rcpt);
  const steps: Step[] = [
    { dt: 0, host, text: `${id} <= ${user}@example.org U=${user} P=local S=${w.size()} id=${w.messageId(host).slice(1, -1)} T="${w.rng.pick(SUBJECTS)}" for ${rcpt}`, facts: ['received', 'message', `sender|${user}@example.org`] },
  ];
  const tries = w.rng.int(2, 4);
  for (let i = 0; i < tries; i++) {
    steps.push({ dt: w.rng.int(100, 3000) + (i === 0 ? 0 : w.rng.int(60_000, 300_000)), host, text: `${id} == ${rcpt} R=dnslookup T=remote_smtp defer (-44) H=${mx.name} [${mx.ip}]: SMTP error from remote mail server after RCPT TO:<${rcpt}>: 450 4.2.1 <${rcpt}>: Mailbox temporarily unavailable`, facts: ['deferral|450|4.2.1', `deferred-message|${id}`, `to|${rcpt}|deferral`] });
    // a skipped retry: no attempt, but an == line, which the totals count as eximstats does
    steps.push({ dt: w.rng.int(20_000, 50_000), host, text: `${id} == ${rcpt} routing defer (-52): retry time not reached`, facts: ['retry-skipped', `deferred-message|${id}`] });
  }
  steps.push({ dt: w.rng.int(20_000, 50_000), host, text: `${id} ** ${rcpt}: retry timeout exceeded`, facts: ['bounce|450|4.2.1', `to|${rcpt}|bounced`] });
  steps.push({ dt: 1, host, text: `${bid} <= <> R=${id} U=Debian-exim P=local S=${w.rng.int(1500, 4000)} T="Mail delivery failed: returning message to sender" for ${user}@example.org`, facts: ['message'] });
  steps.push({ dt: 1, host, text: `${id} Completed` });
  steps.push({ dt: w.rng.int(5, 100), host, text: localDelivery(bid, `${user}@example.org`, w.rng.int(1600, 4200)), facts: ['delivered', `to|${user}@example.org|delivered`] });
  steps.push({ dt: 1, host, text: `${bid} Completed` });
  return steps;
}

/** The client drops the connection after its final dot: the message was received (not a stall), the session was lost. */
export function eximLostAfterDot(x: EximWorld): Step[] {
  const { w, host } = x;
  const c = w.client();
  const id = x.ids.next();
  const from = w.remoteAddress();
  const r = local(w);
  const size = w.size();
  return [
    { dt: 0, host, text: connect(c, w.rng.int(1, 6)), facts: ['session'] },
    { dt: w.rng.int(200, 2000), host, text: arrival(x, id, from, c, r, size), facts: ['received', 'message', `sender|${from}`] },
    { dt: w.rng.int(1, 50), host, text: `${id} SMTP connection lost after final dot ${peer(c)} P=esmtp` },
    { dt: w.rng.int(5, 300), host, text: localDelivery(id, r, size + 150), facts: ['delivered', `to|${r}|delivered`] },
    { dt: 1, host, text: `${id} Completed` },
  ];
}

export function eximNoMail(x: EximWorld): Step[] {
  const { w, host } = x;
  const c = w.client();
  return [
    { dt: 0, host, text: connect(c, w.rng.int(1, 6)), facts: ['session'] },
    // as Exim writes it: the connection's own close, then the summary its process writes as it exits
    { dt: w.rng.int(100, 5000), host, text: quit(c) },
    { dt: w.rng.int(0, 50), host, text: `no MAIL in SMTP connection from ${helo(c)} D=${w.rng.int(0, 5)}s C=EHLO,QUIT` },
  ];
}

export function eximQueueRun(x: EximWorld): Step[] {
  const pid = x.host.nextPid();
  return [
    { dt: 0, host: x.host, text: `Start queue run: pid=${pid}` },
    { dt: x.w.rng.int(10, 2000), host: x.host, text: `End queue run: pid=${pid}` },
  ];
}
