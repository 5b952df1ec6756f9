import type { Client, Host, Step, World } from './world.js';

// Inbound traffic as Postfix logs it: postscreen, smtpd sessions, queued and NOQUEUE rejects,
// header rejects, stalled DATA phases and the usual warnings. Shapes follow the lab and corpus logs.

export class Script {
  readonly steps: Step[] = [];
  constructor(readonly host: Host) {}
  /** one line `dt` ms after the previous one, with what it makes true (see Step.facts) */
  at(dt: number, text: string, ...facts: string[]): this {
    this.steps.push(facts.length > 0 ? { dt: Math.round(dt), host: this.host, text, facts } : { dt: Math.round(dt), host: this.host, text });
    return this;
  }
}

const TLS_IN = 'TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits) key-exchange X25519 server-signature RSA-PSS (2048 bits) server-digest SHA256';

/** the fact a reply line states: `KIND|550|5.1.1`, from the reply that starts `text`; with no reply there,
 *  `KIND|-|DSN` (Postfix's dsn= field then gives the enhanced code) */
export function replyFact(kind: string, text: string, dsn = '-'): string {
  const m = /^(\d{3}) (\d\.\d{1,3}\.\d{1,3})/.exec(text);
  return m ? `${kind}|${m[1]}|${m[2]}` : `${kind}|-|${dsn}`;
}

function peer(c: Client): string {
  return `${c.name}[${c.ip}]`;
}

/** postscreen's admission of a client that then talks to smtpd */
function postscreenPass(s: Script, w: World, c: Client): void {
  if (!s.host.postscreen) return;
  const pid = s.host.nextPid();
  const port = w.port();
  s.at(0, `postfix/postscreen[${pid}]: CONNECT from [${c.ip}]:${port} to [${s.host.ip}]:25`, 'session');
  s.at(w.rng.int(1, 40), w.rng.chance(0.8) ? `postfix/postscreen[${pid}]: PASS OLD [${c.ip}]:${port}` : `postfix/postscreen[${pid}]: PASS NEW [${c.ip}]:${port}`);
}

export function inboundAccepted(w: World, host: Host): Step[] {
  const s = new Script(host);
  const c = w.client();
  const pid = host.nextPid();
  const tls = w.rng.chance(0.65);
  const qid = host.nextQueueId(w.rng);
  const sender = w.remoteAddress();
  const helo = c.name === 'unknown' ? `mail.${w.rng.pick(['a', 'b', 'c'])}.example.com` : c.name;
  const rcpts = w.rng.chance(0.85) ? [w.localAddress()] : [w.localAddress(), w.localAddress(), w.localAddress()];
  postscreenPass(s, w, c);
  s.at(5, `postfix/smtpd[${pid}]: connect from ${peer(c)}`, 'session');
  if (tls) s.at(w.rng.int(20, 200), `postfix/smtpd[${pid}]: Anonymous TLS connection established from ${peer(c)}: ${TLS_IN}`);
  s.at(w.rng.int(20, 300), `postfix/smtpd[${pid}]: ${qid}: client=${peer(c)}`, 'received', 'message', `sender|${sender}`);
  const badRcpt = w.rng.chance(0.05);
  if (badRcpt) {
    const r = `nosuchuser${w.rng.int(1, 500)}@${rcpts[0]!.split('@')[1]}`;
    s.at(40, `postfix/smtpd[${pid}]: ${qid}: reject: RCPT from ${peer(c)}: 550 5.1.1 <${r}>: Recipient address rejected: User unknown in virtual mailbox table; from=<${sender}> to=<${r}> proto=ESMTP helo=<${helo}>`, 'reject|550|5.1.1');
  }
  const cleanup = w.rng.pick(host.cleanup);
  s.at(w.rng.int(30, 400), `postfix/cleanup[${cleanup}]: ${qid}: message-id=${w.messageId(host)}`);
  if (w.rng.chance(0.02)) {
    // header_checks REJECT: the message dies in cleanup, smtpd answers 550 at end of data
    s.at(30, `postfix/cleanup[${cleanup}]: ${qid}: reject: header Subject: You have won a prize from ${peer(c)}; from=<${sender}> to=<${rcpts[0]}> proto=ESMTP helo=<${helo}>: 5.7.1 Message content rejected`, 'reject|550|5.7.1');
    s.at(20, `postfix/smtpd[${pid}]: disconnect from ${peer(c)} ehlo=1 mail=1 rcpt=1 data=0/1 quit=1 commands=3/4`);
    return s.steps;
  }
  const size = w.size();
  s.at(w.rng.int(2, 40), `postfix/qmgr[${host.qmgr}]: ${qid}: from=<${sender}>, size=${size}, nrcpt=${rcpts.length} (queue active)`);
  const n = rcpts.length + (badRcpt ? 1 : 0);
  s.at(w.rng.int(5, 80), `postfix/smtpd[${pid}]: disconnect from ${peer(c)} ehlo=${tls ? 2 : 1}${tls ? ' starttls=1' : ''} mail=1 rcpt=${rcpts.length}/${n} data=1 quit=1 commands=${(tls ? 6 : 4) + rcpts.length}/${(tls ? 6 : 4) + n}`);
  for (const r of rcpts) {
    const lmtpPid = w.rng.pick(host.local);
    s.at(w.rng.int(20, 300), `postfix/lmtp[${lmtpPid}]: ${qid}: to=<${r}>, relay=${host.name}.example.org[private/dovecot-lmtp], ${w.delays(w.rng.next() * 0.6)}, dsn=2.0.0, status=sent (250 2.0.0 <${r}> ${w.rng.int(1e8, 9e8).toString(36)}Qx Saved)`, 'delivered', `to|${r}|delivered`);
    s.at(w.rng.int(1, 10), `dovecot: lmtp(${r})<${w.rng.int(2000, 60000)}><${w.rng.int(1e8, 9e8).toString(36)}>: msgid=${w.messageId(host)}: saved mail to INBOX`, 'foreign');
  }
  s.at(w.rng.int(1, 20), `postfix/qmgr[${host.qmgr}]: ${qid}: removed`);
  return s.steps;
}

const RCPT_REJECTS: ReadonlyArray<(w: World, c: Client, rcpt: string) => string> = [
  (_w, _c, r) => `550 5.1.1 <${r}>: Recipient address rejected: User unknown in virtual mailbox table`,
  (w, _c, _r) => `554 5.7.1 <${w.remoteAddress()}>: Relay access denied`,
  (_w, c) => `450 4.7.25 Client host rejected: cannot find your hostname, [${c.ip}]`,
  (_w, c) => `554 5.7.1 Service unavailable; Client host [${c.ip}] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/${c.ip}`,
  (_w, _c, r) => `450 4.2.0 <${r}>: Recipient address rejected: Greylisted, see https://postgrey.schweikert.ch/help/${r.split('@')[1]}.html`,
  (w) => `450 4.1.8 <bounce@${w.rng.pick(['nxdomain.example', 'invalid.example'])}>: Sender address rejected: Domain not found`,
  (_w, c) => `504 5.5.2 <${c.name === 'unknown' ? 'localhost' : 'WIN-' + c.ip.split('.')[3]}>: Helo command rejected: need fully-qualified hostname`,
];

export function inboundRejected(w: World, host: Host): Step[] {
  const s = new Script(host);
  const c = w.client();
  const pid = host.nextPid();
  const helo = c.name === 'unknown' ? `[${c.ip}]` : c.name;
  postscreenPass(s, w, c);
  s.at(5, `postfix/smtpd[${pid}]: connect from ${peer(c)}`, 'session');
  const kind = w.rng.weighted([30, 15, 15, 15, 15, 5, 5]);
  const tries = w.rng.chance(0.8) ? 1 : w.rng.int(2, 4);
  const sender = kind === 5 ? `bounce@nxdomain.example` : w.remoteAddress();
  for (let i = 0; i < tries; i++) {
    const rcpt = w.localAddress();
    const reply = RCPT_REJECTS[kind]!(w, c, rcpt);
    s.at(w.rng.int(50, 900), `postfix/smtpd[${pid}]: NOQUEUE: reject: RCPT from ${peer(c)}: ${reply}; from=<${sender}> to=<${rcpt}> proto=ESMTP helo=<${helo}>`, replyFact('reject', reply));
  }
  if (w.rng.chance(0.25)) {
    s.at(w.rng.int(100, 5000), `postfix/smtpd[${pid}]: lost connection after RCPT from ${peer(c)}`);
    s.at(1, `postfix/smtpd[${pid}]: disconnect from ${peer(c)} ehlo=1 mail=1 rcpt=0/${tries} commands=2/${tries + 2}`);
  } else {
    s.at(w.rng.int(20, 300), `postfix/smtpd[${pid}]: disconnect from ${peer(c)} ehlo=1 mail=1 rcpt=0/${tries} rset=1 quit=1 commands=4/${tries + 4}`);
  }
  return s.steps;
}

/** clients that never get past postscreen: pregreeters, DNSBL-listed bots, early hang-ups */
export function postscreenDrop(w: World, host: Host): Step[] {
  if (!host.postscreen) return inboundRejected(w, host);
  const s = new Script(host);
  const c = w.client();
  const pid = host.nextPid();
  const port = w.port();
  const ps = `postfix/postscreen[${pid}]`;
  s.at(0, `${ps}: CONNECT from [${c.ip}]:${port} to [${host.ip}]:25`, 'session');
  switch (w.rng.weighted([30, 40, 20, 10])) {
    case 0:
      s.at(w.rng.int(50, 900), `${ps}: PREGREET 11 after 0.${w.rng.int(10, 99)} from [${c.ip}]:${port}: EHLO User\\r\\n`);
      break;
    case 1: {
      s.at(w.rng.int(50, 900), `${ps}: DNSBL rank ${w.rng.int(3, 8)} for [${c.ip}]:${port}`);
      const rcpt = w.localAddress();
      s.at(w.rng.int(500, 6000), `${ps}: NOQUEUE: reject: RCPT from [${c.ip}]:${port}: 550 5.7.1 Service unavailable; client [${c.ip}] blocked using zen.spamhaus.org; from=<${w.remoteAddress()}>, to=<${rcpt}>, proto=ESMTP, helo=<${c.name === 'unknown' ? 'User' : c.name}>`, 'reject|550|5.7.1');
      break;
    }
    case 2:
      s.at(w.rng.int(500, 6000), `${ps}: HANGUP after ${(w.rng.next() * 5).toFixed(1)} from [${c.ip}]:${port} in tests after SMTP handshake`);
      break;
    default:
      s.at(w.rng.int(50, 900), `${ps}: COMMAND PIPELINING from [${c.ip}]:${port} after EHLO: QUIT\\r\\n`);
  }
  s.at(w.rng.int(1, 50), `${ps}: DISCONNECT [${c.ip}]:${port}`);
  return s.steps;
}

/** the client said DATA, got 354, then vanished or went silent: a stalled 354 session */
export function inboundStall(w: World, host: Host): Step[] {
  const s = new Script(host);
  const c = w.client();
  const pid = host.nextPid();
  const qid = host.nextQueueId(w.rng);
  postscreenPass(s, w, c);
  s.at(5, `postfix/smtpd[${pid}]: connect from ${peer(c)}`, 'session');
  s.at(w.rng.int(50, 300), `postfix/smtpd[${pid}]: ${qid}: client=${peer(c)}`, 'received', 'message', 'sender|-');
  s.at(w.rng.int(50, 300), `postfix/cleanup[${w.rng.pick(host.cleanup)}]: ${qid}: message-id=${w.messageId(host)}`);
  const bytes = w.rng.int(0, 900000);
  if (w.rng.chance(0.6)) s.at(w.rng.int(1000, 30000), `postfix/smtpd[${pid}]: lost connection after DATA (${bytes} bytes) from ${peer(c)}`, 'stall|inbound');
  else s.at(300000, `postfix/smtpd[${pid}]: timeout after DATA (${bytes} bytes) from ${peer(c)}`, 'stall|inbound');
  s.at(1, `postfix/smtpd[${pid}]: disconnect from ${peer(c)} ehlo=1 mail=1 rcpt=1 data=0/1 commands=3/4`);
  return s.steps;
}

/** The queued message delivered to a local mailbox over LMTP, then removed from the queue. */
function savedAndRemoved(s: Script, w: World, qid: string, rcpt: string): void {
  const host = s.host;
  s.at(w.rng.int(20, 300), `postfix/lmtp[${w.rng.pick(host.local)}]: ${qid}: to=<${rcpt}>, relay=${host.name}.example.org[private/dovecot-lmtp], ${w.delays(0.3)}, dsn=2.0.0, status=sent (250 2.0.0 <${rcpt}> Saved)`, 'delivered', `to|${rcpt}|delivered`);
  s.at(w.rng.int(1, 20), `postfix/qmgr[${host.qmgr}]: ${qid}: removed`);
}

/**
 * A message whose fate is decided by content or policy after RCPT: one recipient refused while the
 * transaction goes on, a reject_warning (logged, not answered), then a milter refusing the message
 * at end of data (permanent or temporary), header_checks holding it until the administrator
 * releases it, or an ordinary delivery. Shapes from the lab and corpus logs.
 */
export function inboundContent(w: World, host: Host): Step[] {
  const s = new Script(host);
  const c = w.client();
  const pid = host.nextPid();
  const qid = host.nextQueueId(w.rng);
  const sender = w.remoteAddress();
  const helo = c.name === 'unknown' ? `mail.${w.rng.pick(['a', 'b', 'c'])}.example.com` : c.name;
  const good = w.localAddress();
  const bad = `olduser${w.rng.int(1, 99)}@${good.slice(good.indexOf('@') + 1)}`;
  const d = `postfix/smtpd[${pid}]`;
  const tail = (to: string) => `from=<${sender}> to=<${to}> proto=ESMTP helo=<${helo}>`;
  const cleanup = `postfix/cleanup[${w.rng.pick(host.cleanup)}]: ${qid}`;
  postscreenPass(s, w, c);
  s.at(5, `${d}: connect from ${peer(c)}`, 'session');
  s.at(w.rng.int(20, 300), `${d}: ${qid}: client=${peer(c)}`, 'received', 'message', `sender|${sender}`);
  s.at(w.rng.int(10, 200), `${d}: ${qid}: reject: RCPT from ${peer(c)}: 550 5.1.1 <${bad}>: Recipient address rejected: User unknown in local recipient table; ${tail(bad)}`, 'reject|550|5.1.1');
  if (w.rng.chance(0.4)) s.at(w.rng.int(10, 200), `${d}: NOQUEUE: reject_warning: RCPT from ${peer(c)}: 553 5.7.1 <${sender}>: Sender address rejected: not owned by user ${good.slice(0, good.indexOf('@'))}; ${tail(good)}`);
  s.at(w.rng.int(30, 400), `${cleanup}: message-id=${w.messageId(host)}`);
  const fate = w.rng.weighted([3, 2, 3, 2]);
  if (fate === 0 || fate === 1) {
    const [said, fact] = fate === 0 ? ['5.7.1 Blocked by SpamAssassin', 'reject|550|5.7.1'] : ['4.7.1 Lab milter temporary failure, try again later', 'reject|451|4.7.1'];
    s.at(w.rng.int(100, 3000), `${cleanup}: milter-reject: END-OF-MESSAGE from ${peer(c)}: ${said}; ${tail(good)}`, fact);
    s.at(w.rng.int(5, 80), `${d}: disconnect from ${peer(c)} ehlo=1 mail=1 rcpt=1/2 data=0/1 quit=1 commands=4/5`);
    return s.steps;
  }
  const size = w.size();
  if (fate === 2) {
    s.at(w.rng.int(100, 3000), `${cleanup}: hold: header Subject: please review from ${peer(c)}; ${tail(good)}: held for review`);
    s.at(w.rng.int(5, 80), `${d}: disconnect from ${peer(c)} ehlo=1 mail=1 rcpt=1/2 data=1 quit=1 commands=5/6`);
    s.at(w.rng.int(2, 30) * 60_000, `postfix/postsuper[${w.rng.int(2000, 9000)}]: ${qid}: released from hold`);
  } else {
    s.at(w.rng.int(5, 80), `${d}: disconnect from ${peer(c)} ehlo=1 mail=1 rcpt=1/2 data=1 quit=1 commands=5/6`);
  }
  s.at(w.rng.int(2, 40), `postfix/qmgr[${host.qmgr}]: ${qid}: from=<${sender}>, size=${size}, nrcpt=1 (queue active)`);
  savedAndRemoved(s, w, qid, good);
  return s.steps;
}

/**
 * Connections that break without a stalled DATA phase: lost or timed out after the end of the
 * message (it was queued: 250 was sent), or lost during BDAT (CHUNKING), which is never answered 354.
 */
export function inboundBroken(w: World, host: Host): Step[] {
  const s = new Script(host);
  const c = w.client();
  const pid = host.nextPid();
  const qid = host.nextQueueId(w.rng);
  const sender = w.remoteAddress();
  const r = w.localAddress();
  const d = `postfix/smtpd[${pid}]`;
  const bdat = w.rng.chance(0.4);
  postscreenPass(s, w, c);
  s.at(5, `${d}: connect from ${peer(c)}`, 'session');
  s.at(w.rng.int(20, 300), `${d}: ${qid}: client=${peer(c)}`, 'received', 'message', `sender|${bdat ? '-' : sender}`);
  s.at(w.rng.int(30, 400), `postfix/cleanup[${w.rng.pick(host.cleanup)}]: ${qid}: message-id=${w.messageId(host)}`);
  if (bdat) {
    s.at(w.rng.int(1000, 20000), `${d}: lost connection after BDAT from ${peer(c)}`);
    s.at(1, `${d}: disconnect from ${peer(c)} ehlo=1 mail=1 rcpt=1 bdat=0/1 commands=3/4`);
    return s.steps;
  }
  s.at(w.rng.int(2, 40), `postfix/qmgr[${host.qmgr}]: ${qid}: from=<${sender}>, size=${w.size()}, nrcpt=1 (queue active)`);
  s.at(w.rng.int(5, 80), w.rng.chance(0.5) ? `${d}: lost connection after END-OF-MESSAGE from ${peer(c)}` : `${d}: timeout after END-OF-MESSAGE from ${peer(c)}`);
  s.at(1, `${d}: disconnect from ${peer(c)} ehlo=1 mail=1 rcpt=1 data=1 commands=4`);
  savedAndRemoved(s, w, qid, r);
  return s.steps;
}

/** brute-force and noise: SASL failures, bad DNS, HTTP on port 25, TLS errors */
export function inboundNoise(w: World, host: Host): Step[] {
  const s = new Script(host);
  const c = w.client();
  const pid = host.nextPid();
  const d = `postfix/smtpd[${pid}]`;
  const kind = w.rng.weighted([40, 25, 15, 20]);
  if (kind === 1) s.at(0, `${d}: warning: hostname ${c.name === 'unknown' ? 'host.example.com' : c.name} does not resolve to address ${c.ip}: Name or service not known`);
  s.at(5, `${d}: connect from ${peer(c)}`, 'session');
  if (kind === 0) {
    const n = w.rng.int(1, 3);
    for (let i = 0; i < n; i++) s.at(w.rng.int(1000, 4000), `${d}: warning: ${peer(c)}: SASL LOGIN authentication failed: UGFzc3dvcmQ6`, 'reject|535|5.7.8');
    s.at(w.rng.int(10, 200), `${d}: disconnect from ${peer(c)} ehlo=1 auth=0/${n} quit=1 commands=2/${n + 2}`);
  } else if (kind === 2) {
    s.at(w.rng.int(10, 200), `${d}: warning: non-SMTP command from ${peer(c)}: GET / HTTP/1.1`);
    s.at(1, `${d}: disconnect from ${peer(c)} unknown=0/1 commands=0/1`);
  } else if (kind === 3) {
    s.at(w.rng.int(10, 200), `${d}: SSL_accept error from ${peer(c)}: -1`, 'tls|inbound');
    s.at(0, `${d}: warning: TLS library problem: error:0A000126:SSL routines::unexpected eof while reading:../ssl/record/rec_layer_s3.c:317:`);
    s.at(1, `${d}: lost connection after STARTTLS from ${peer(c)}`);
    s.at(0, `${d}: disconnect from ${peer(c)} ehlo=1 starttls=0/1 commands=1/2`);
  } else {
    s.at(w.rng.int(100, 2000), `${d}: lost connection after EHLO from ${peer(c)}`);
    s.at(0, `${d}: disconnect from ${peer(c)} ehlo=1 commands=1`);
  }
  return s.steps;
}
