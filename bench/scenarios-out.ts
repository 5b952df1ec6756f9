import { replyFact, Script } from './scenarios-in.js';
import type { Host, Step, World } from './world.js';

// Outbound and local traffic: authenticated submission relayed to remote MXs (sent, deferred and
// retried, bounced with a non-delivery notice, expired), cron mail through pickup, and the lines
// other programs write to the same file (dovecot, anvil).

const TLS_OUT = 'TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits) key-exchange X25519 server-signature ECDSA (P-256) server-digest SHA256';
const MINUTE = 60_000;

const DEFERRALS: ReadonlyArray<(mx: string, ip: string) => string> = [
  (mx, ip) => `host ${mx}[${ip}] said: 450 4.2.0 Greylisted, please retry in 5 minutes (in reply to RCPT TO command)`,
  (mx, ip) => `connect to ${mx}[${ip}]:25: Connection timed out`,
  (mx, ip) => `host ${mx}[${ip}] said: 421 4.7.0 Try again later, closing connection. (in reply to end of DATA command)`,
  (mx, ip) => `conversation with ${mx}[${ip}] timed out while sending message body`,
  (mx, ip) => `host ${mx}[${ip}] said: 452 4.2.2 The email account that you tried to reach is over quota (in reply to RCPT TO command)`,
];

const BOUNCES: ReadonlyArray<(mx: string, ip: string, rcpt: string) => string> = [
  (mx, ip, r) => `host ${mx}[${ip}] said: 550 5.1.1 <${r}>: Recipient address rejected: User unknown in virtual mailbox table (in reply to RCPT TO command)`,
  (mx, ip) => `host ${mx}[${ip}] said: 550 5.7.1 Message rejected as spam by Content Filtering (in reply to end of DATA command)`,
  (mx, ip) => `host ${mx}[${ip}] said: 552 5.2.2 Mailbox full (in reply to RCPT TO command)`,
  (mx, ip, r) => `host ${mx}[${ip}] said: 550 5.7.26 Unauthenticated email from ${r.split('@')[1]} is not accepted due to domain's DMARC policy (in reply to end of DATA command)`,
];

function smtpLine(w: World, host: Host, qid: string, rcpt: string, status: string): string {
  const mx = w.remoteMx(rcpt);
  const dsn = status.startsWith('sent') ? '2.0.0' : status.startsWith('bounced') ? '5.1.1' : '4.4.1';
  return `postfix/smtp[${w.rng.pick(host.smtp)}]: ${qid}: to=<${rcpt}>, relay=${mx.name}[${mx.ip}]:25, ${w.delays(w.rng.next() * 3)}, dsn=${dsn}, status=${status}`;
}

/** the non-delivery notice Postfix writes back to the sender after a bounce */
function notify(s: Script, w: World, qid: string, sender: string): void {
  const host = s.host;
  const ndr = host.nextQueueId(w.rng);
  s.at(w.rng.int(1, 20), `postfix/cleanup[${w.rng.pick(host.cleanup)}]: ${ndr}: message-id=<${ndr}@${host.name}.example.org>`, 'message');
  s.at(w.rng.int(1, 10), `postfix/bounce[${w.rng.int(40000, 41000)}]: ${qid}: sender non-delivery notification: ${ndr}`);
  s.at(w.rng.int(1, 10), `postfix/qmgr[${host.qmgr}]: ${ndr}: from=<>, size=${w.rng.int(3000, 9000)}, nrcpt=1 (queue active)`);
  s.at(w.rng.int(20, 200), `postfix/lmtp[${w.rng.pick(host.local)}]: ${ndr}: to=<${sender}>, relay=${host.name}.example.org[private/dovecot-lmtp], ${w.delays(0.1)}, dsn=2.0.0, status=sent (250 2.0.0 <${sender}> Saved)`, 'delivered', `to|${sender}|delivered`);
  s.at(w.rng.int(1, 10), `postfix/qmgr[${host.qmgr}]: ${ndr}: removed`);
}

export function outbound(w: World, host: Host): Step[] {
  const s = new Script(host);
  const c = w.client();
  const pid = host.nextPid();
  const qid = host.nextQueueId(w.rng);
  const sender = w.localAddress();
  const rcpts = w.rng.chance(0.8) ? [w.remoteAddress()] : [w.remoteAddress(), w.remoteAddress()];
  const d = `postfix/submission/smtpd[${pid}]`;
  s.at(0, `${d}: connect from ${c.name}[${c.ip}]`, 'session');
  s.at(w.rng.int(20, 200), `${d}: Anonymous TLS connection established from ${c.name}[${c.ip}]: TLSv1.3 with cipher TLS_AES_128_GCM_SHA256 (128/128 bits)`);
  s.at(w.rng.int(50, 500), `${d}: ${qid}: client=${c.name}[${c.ip}], sasl_method=PLAIN, sasl_username=${sender}`, 'received', 'message', `sender|${sender}`);
  s.at(w.rng.int(30, 300), `postfix/cleanup[${w.rng.pick(host.cleanup)}]: ${qid}: message-id=${w.messageId(host)}`);
  s.at(w.rng.int(2, 40), `postfix/qmgr[${host.qmgr}]: ${qid}: from=<${sender}>, size=${w.size()}, nrcpt=${rcpts.length} (queue active)`);
  s.at(w.rng.int(5, 80), `${d}: disconnect from ${c.name}[${c.ip}] ehlo=2 starttls=1 auth=1 mail=1 rcpt=${rcpts.length} data=1 quit=1 commands=${7 + rcpts.length}`);
  let bounced = false;
  for (const rcpt of rcpts) {
    const mx = w.remoteMx(rcpt);
    const fate = w.rng.weighted([80, 10, 7, 1]);
    if (w.rng.chance(0.7)) s.at(w.rng.int(50, 600), `postfix/smtp[${w.rng.pick(host.smtp)}]: Trusted TLS connection established to ${mx.name}[${mx.ip}]:25: ${TLS_OUT}`);
    if (fate === 0) {
      s.at(w.rng.int(100, 2000), smtpLine(w, host, qid, rcpt, `sent (250 2.0.0 OK  ${w.rng.int(1.6e9, 1.8e9)} ${w.rng.int(1e8, 9e8).toString(36)}.${w.rng.int(10, 99)} - gsmtp)`), 'delivered', `to|${rcpt}|delivered`);
    } else if (fate === 2) {
      const dt = w.rng.int(100, 2000);
      const said = w.rng.pick(BOUNCES)(mx.name, mx.ip, rcpt);
      s.at(dt, smtpLine(w, host, qid, rcpt, `bounced (${said})`), replyFact('bounce', said.slice(said.indexOf(' said: ') + 7)), `to|${rcpt}|bounced`);
      bounced = true;
    } else {
      // deferred, retried by qmgr with growing back-off; the last kind gives up (expired)
      const tries = fate === 3 ? 3 : w.rng.int(1, 3);
      const why = w.rng.pick(DEFERRALS);
      for (let i = 0; i < tries; i++) {
        if (why === DEFERRALS[1]) s.at(w.rng.int(100, 30000), `postfix/smtp[${w.rng.pick(host.smtp)}]: connect to ${mx.name}[${mx.ip}]:25: Connection timed out`);
        const said = why(mx.name, mx.ip);
        const stall = why === DEFERRALS[3] ? ['stall|outbound'] : [];
        const at = said.indexOf(' said: ');
        s.at(w.rng.int(100, 3000), smtpLine(w, host, qid, rcpt, `deferred (${said})`), replyFact('deferral', at < 0 ? '' : said.slice(at + 7), '4.4.1'), `deferred-message|${qid}`, `to|${rcpt}|deferral`, ...stall);
        s.at(w.rng.int(5, 30) * MINUTE * (i + 1), `postfix/qmgr[${host.qmgr}]: ${qid}: from=<${sender}>, size=${w.size()}, nrcpt=${rcpts.length} (queue active)`);
      }
      if (fate === 3) {
        s.at(w.rng.int(1, 50), `postfix/qmgr[${host.qmgr}]: ${qid}: from=<${sender}>, status=expired, returned to sender`, 'expired');
        notify(s, w, qid, sender);
        s.at(w.rng.int(1, 10), `postfix/qmgr[${host.qmgr}]: ${qid}: removed`);
        return s.steps;
      }
      s.at(w.rng.int(100, 2000), smtpLine(w, host, qid, rcpt, `sent (250 2.0.0 Ok: queued as ${w.rng.int(1e6, 9e6).toString(16).toUpperCase()})`), 'delivered', `to|${rcpt}|delivered`);
    }
  }
  if (bounced) notify(s, w, qid, sender);
  s.at(w.rng.int(1, 10), `postfix/qmgr[${host.qmgr}]: ${qid}: removed`);
  return s.steps;
}

/**
 * A message to several recipients at one remote domain, delivered in one SMTP transaction: Postfix
 * logs each recipient's status in turn, a few milliseconds apart. The first attempt stalls while
 * sending the body (one stalled transfer, logged once per recipient); the retry delivers them all.
 */
export function outboundBatch(w: World, host: Host): Step[] {
  const s = new Script(host);
  const c = w.client();
  const pid = host.nextPid();
  const qid = host.nextQueueId(w.rng);
  const sender = w.localAddress();
  const domain = w.rng.pick(['gmail.com', 'outlook.com', 'partner.example.co.uk']);
  const rcpts = Array.from({ length: w.rng.int(2, 4) }, (_, i) => `${w.rng.pick(['alice', 'bob', 'carol', 'dave'])}${i}@${domain}`);
  const mx = w.remoteMx(rcpts[0]!);
  const d = `postfix/submission/smtpd[${pid}]`;
  const size = w.size();
  s.at(0, `${d}: connect from ${c.name}[${c.ip}]`, 'session');
  s.at(w.rng.int(50, 500), `${d}: ${qid}: client=${c.name}[${c.ip}], sasl_method=PLAIN, sasl_username=${sender}`, 'received', 'message', `sender|${sender}`);
  s.at(w.rng.int(30, 300), `postfix/cleanup[${w.rng.pick(host.cleanup)}]: ${qid}: message-id=${w.messageId(host)}`);
  s.at(w.rng.int(2, 40), `postfix/qmgr[${host.qmgr}]: ${qid}: from=<${sender}>, size=${size}, nrcpt=${rcpts.length} (queue active)`);
  s.at(w.rng.int(5, 80), `${d}: disconnect from ${c.name}[${c.ip}] ehlo=2 starttls=1 auth=1 mail=1 rcpt=${rcpts.length} data=1 quit=1 commands=${7 + rcpts.length}`);
  const smtp = `postfix/smtp[${w.rng.pick(host.smtp)}]: ${qid}`;
  const stalled = `conversation with ${mx.name}[${mx.ip}] timed out while sending message body`;
  rcpts.forEach((r, i) => {
    const facts = ['deferral|-|4.4.2', `deferred-message|${qid}`, `to|${r}|deferral`, ...(i === 0 ? ['stall|outbound'] : [])];
    s.at(i === 0 ? w.rng.int(60_000, 300_000) : w.rng.int(0, 4), `${smtp}: to=<${r}>, relay=${mx.name}[${mx.ip}]:25, ${w.delays(300)}, dsn=4.4.2, status=deferred (${stalled})`, ...facts);
  });
  s.at(w.rng.int(5, 30) * MINUTE, `postfix/qmgr[${host.qmgr}]: ${qid}: from=<${sender}>, size=${size}, nrcpt=${rcpts.length} (queue active)`);
  const retry = `postfix/smtp[${w.rng.pick(host.smtp)}]: ${qid}`;
  rcpts.forEach((r, i) => {
    s.at(i === 0 ? w.rng.int(500, 5000) : w.rng.int(0, 4), `${retry}: to=<${r}>, relay=${mx.name}[${mx.ip}]:25, ${w.delays(5)}, dsn=2.0.0, status=sent (250 2.0.0 OK ${w.rng.int(1.6e9, 1.8e9)} - gsmtp)`, 'delivered', `to|${r}|delivered`);
  });
  s.at(w.rng.int(1, 10), `postfix/qmgr[${host.qmgr}]: ${qid}: removed`);
  return s.steps;
}

/** cron and scripts on the host: sendmail(1) -> pickup -> local delivery, sometimes via an alias */
export function localPickup(w: World, host: Host): Step[] {
  const s = new Script(host);
  const qid = host.nextQueueId(w.rng);
  const user = w.rng.pick(['root', 'www-data', 'backup', 'logcheck']);
  s.at(0, `postfix/pickup[${w.rng.int(100, 999)}]: ${qid}: uid=${user === 'root' ? 0 : w.rng.int(33, 1100)} from=<${user}>`, 'received', 'message', `sender|${user}@${host.name}.example.org`);
  s.at(w.rng.int(1, 30), `postfix/cleanup[${w.rng.pick(host.cleanup)}]: ${qid}: message-id=<${qid}@${host.name}.example.org>`);
  s.at(w.rng.int(1, 30), `postfix/qmgr[${host.qmgr}]: ${qid}: from=<${user}@${host.name}.example.org>, size=${w.rng.int(400, 9000)}, nrcpt=1 (queue active)`);
  const local = `postfix/local[${w.rng.pick(host.local)}]: ${qid}: to=<root@${host.name}.example.org>, orig_to=<root>, relay=local, ${w.delays(0.05)}, dsn=2.0.0`;
  if (w.rng.chance(0.3)) {
    const fwd = host.nextQueueId(w.rng);
    s.at(w.rng.int(1, 30), `postfix/cleanup[${w.rng.pick(host.cleanup)}]: ${fwd}: message-id=<${qid}@${host.name}.example.org>`, 'message');
    s.at(w.rng.int(1, 10), `postfix/qmgr[${host.qmgr}]: ${fwd}: from=<${user}@${host.name}.example.org>, size=${w.rng.int(400, 9000)}, nrcpt=1 (queue active)`);
    s.at(w.rng.int(1, 10), `${local}, status=sent (forwarded as ${fwd})`, 'delivered', `to|root@${host.name}.example.org|delivered`);
    s.at(w.rng.int(1, 10), `postfix/qmgr[${host.qmgr}]: ${qid}: removed`);
    s.at(w.rng.int(100, 2000), smtpLine(w, host, fwd, 'admin@gmail.com', `sent (250 2.0.0 OK ${w.rng.int(1.6e9, 1.8e9)} - gsmtp)`), 'delivered', 'to|admin@gmail.com|delivered');
    s.at(w.rng.int(1, 10), `postfix/qmgr[${host.qmgr}]: ${fwd}: removed`);
    return s.steps;
  }
  s.at(w.rng.int(1, 30), `${local}, status=sent (delivered to mailbox)`, 'delivered', `to|root@${host.name}.example.org|delivered`);
  s.at(w.rng.int(1, 10), `postfix/qmgr[${host.qmgr}]: ${qid}: removed`);
  return s.steps;
}

/** lines from other programs that share mail.log: IMAP logins, anvil statistics */
export function foreign(w: World, host: Host): Step[] {
  const s = new Script(host);
  const c = w.client();
  const user = w.localAddress();
  const sess = w.rng.int(1e9, 9e9).toString(36);
  const mpid = w.rng.int(2000, 60000);
  if (w.rng.chance(0.03)) {
    s.at(0, `postfix/anvil[${w.rng.int(100, 999)}]: statistics: max connection rate ${w.rng.int(1, 30)}/60s for (smtp:${c.ip}) at Mar  1 00:00:00`);
    return s.steps;
  }
  if (w.rng.chance(0.2)) {
    s.at(0, `dovecot: imap-login: Disconnected: Connection closed (auth failed, 1 attempts in 2 secs): user=<${user}>, method=PLAIN, rip=${c.ip}, lip=${host.ip}, TLS, session=<${sess}>`, 'foreign');
    return s.steps;
  }
  s.at(0, `dovecot: imap-login: Login: user=<${user}>, method=PLAIN, rip=${c.ip}, lip=${host.ip}, mpid=${mpid}, TLS, session=<${sess}>`, 'foreign');
  s.at(w.rng.int(1000, 600000), `dovecot: imap(${user})<${mpid}><${sess}>: Logged out in=${w.rng.int(50, 5000)} out=${w.rng.int(500, 90000)} deleted=0 expunged=0 trashed=0 hdr_count=0 hdr_bytes=0 body_count=0 body_bytes=0`, 'foreign');
  return s.steps;
}
