import { describe, expect, test } from 'vitest';
import { maskShape, normaliseReason } from '../../src/parse/shape.js';

// [input, expected] pairs: miss messages (maskShape) and reply texts (normaliseReason).
const shapes: Array<[string, string]> = [
  ["8DDDD7C2CDD: removedo", "QID: removedo"],
  ["connect from unknown[192.0.2.25]", "connect from PEER"],
  ["warning: hostname 77-1-2-3.dynamic.example.net does not resolve to address 77.1.2.3: Name or service not known", "warning: hostname HOST does not resolve to address IP: Name or service not known"],
  ["warning: 2001:db8::1: address not listed for hostname mail.example.org", "warning: IP: address not listed for hostname HOST"],
  // kdent-postfix-log-analysis.log: 92 warnings for one staticrdns name pattern, 16 for another
  ["warning: 185.234.219.62: address not listed for hostname 185-234-219-62.staticrdns.eonix.net", "warning: IP: address not listed for hostname HOST"],
  ["warning: 191.253.193.1: address not listed for hostname 191-253-193-1.static.gvt.net.br", "warning: IP: address not listed for hostname HOST"],
  ["warning: valid_hostname: misplaced delimiter: .", "warning: valid_hostname: misplaced delimiter: ."],
  ["44JCRG5tYPzCqt2: to=<a@b.example>, relay=mx.example.net[203.0.113.5]:25, delay=1.2, status=sent (250 ok)", "ID: to=<…>, relay=PEER, delay=N, status=sent (N ok)"],
  ["warning: /etc/postfix/main.cf, line 12: \"smtpd_foo\" is unused", "warning: /etc/postfix/main.cf, line N: \"…\" is unused"],
  ["fatal: open database /etc/postfix/virtual.db: No such file or directory", "fatal: open database /etc/postfix/virtual.db: No such file or directory"],
  ["statistics: max connection rate 3/60s for (smtp:94.156.37.30) at Oct 22 02:04:14", "statistics: max connection rate N/Ns for (smtp:IP) at Oct N TIME"],
  ["PREGREET 11 after 0.23 from [180.214.239.18]:59187: EHLO User\\r\\n", "PREGREET N after N from PEER: EHLO User\\r\\n"],
  ["warning: 0x7f3a  deadbeefcafebabe1234\tvalue", "warning: HEX ID value"],
  ["Nov 18 sender bob@example.com   queued", "Nov N sender ADDR queued"],
];

const reasons: Array<[string, string]> = [
  // Postfix error(8)'s repeat of a destination's failure is that failure (corpus/postfix/gomaillex, louisitvn)
  ['delivery temporarily suspended: connect to mx.example.com[192.0.2.1]:25: Connection timed out', 'connect to PEER: Connection timed out'],
  ['expired; last error: delivery temporarily suspended: connect to mx.example.com[192.0.2.1]:25: Connection refused', 'expired; last error: connect to PEER: Connection refused'],
  // Exim: the login tried, the client's name quoted by a cPanel ACL, the bot's last command: one cause each (corpus/exim)
  ['Incorrect authentication data (set_id=info@test.com)', 'Incorrect authentication data'],
  ['Incorrect authentication data (set_id=dave)', 'Incorrect authentication data'],
  ['JunkMail rejected - test.com [1.2.3.4]:53343 is in an RBL: https://www.spamhaus.org/sbl/query/SBLCSS', 'JunkMail rejected - PEER is in an RBL: URL'],
  ['JunkMail rejected - mx.other.example (helo) [192.0.2.9]:25 is in an RBL: https://www.spamhaus.org/sbl/query/SBLCSS', 'JunkMail rejected - PEER is in an RBL: URL'],
  ['Too many syntax or protocol errors (last command was "AUTH LOGIN")', 'Too many syntax or protocol errors'],
  ['Too many syntax or protocol errors (last command was "\\x16\\x03\\x01", C=EHLO)', 'Too many syntax or protocol errors'],
  // Postfix's "Client host [ip]" keeps its words
  ['Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org', 'Service unavailable; Client host PEER blocked using zen.spamhaus.org'],
  // the SMTP extensions a reply names stay words (fixtures/lab3/lab3-postfix.log); other letter-digit tokens are ids
  ["SMTPUTF8 is required, but was not offered by host 127.0.0.1[127.0.0.1]", "SMTPUTF8 is required, but was not offered by host PEER"],
  ["8BITMIME content in message ab12cd34ef of 2048 bytes", "8BITMIME content in message ID of N bytes"],
  ["<formeruser@lab.example>: Recipient address rejected: User not local; please try <formeruser@elsewhere.example>", "<ADDR>: Recipient address rejected: User not local; please try <ADDR>"],
  ["<bob@x.org>: Recipient address rejected: User unknown in local recipient table", "<ADDR>: Recipient address rejected: User unknown in local recipient table"],
  ["Service unavailable; client [185.246.220.193] blocked using zen.spamhaus.org", "Service unavailable; client PEER blocked using zen.spamhaus.org"],
  ["Client host rejected: cannot find your hostname, [178.215.236.114]", "Client host rejected: cannot find your hostname, PEER"],
  ["<unknown[127.0.0.23]>: Client host rejected: Greylisted, see http://postgrey.schweikert.ch/help/lab.example.html", "<PEER>: Client host rejected: Greylisted, see URL"],
  ["Greylisted, please try again in 180 seconds", "Greylisted, please try again in N seconds"],
  ["OK 1404025818 bk4si20869922oec.67 - gsmtp", "OK N ID.N - gsmtp"],
  ["Ok: queued as JIKKM9QHNR", "Ok: queued as ID"],
  ["Ok: queued as 4DD80160292", "Ok: queued as QID"],
  ["Message size exceeds fixed limit", "Message size exceeds fixed limit"],
  ["mailbox bob@example.com is full", "mailbox ADDR is full"],
  ["Intrusion prevention active for [8.19.240.91][P]", "Intrusion prevention active for PEER[…]"],
  // kdent-postfix-log-analysis.log: the HELO name the client chose, echoed back
  ["<avulsingr>: Helo command rejected: need fully-qualified hostname", "<NAME>: Helo command rejected: need fully-qualified hostname"],
  ["<abts-kk-dynamic-012.84.179.122.airtelbroadband.in>: Helo command rejected: Host not found", "<NAME>: Helo command rejected: Host not found"],
  ["<unknown[127.0.0.23]>: Client host rejected: Greylisted", "<PEER>: Client host rejected: Greylisted"],
  ["<>: Sender address rejected: null sender", "<>: Sender address rejected: null sender"],
  ["Message contains bare <LF>: see RFC 5321", "Message contains bare <LF>: see RFC N"],
  // Postfix smtp bounce (fixtures/corpus/postfix/*.log): one group per cause, not per domain
  ["Host or domain name not found. Name service error for name=glub.net type=MX: Host not found, try again", "Host or domain name not found. Name service error for name=NAME type=MX: Host not found, try again"],
  // kdent: Spamhaus with and without its TXT record, and with two links
  ["Service unavailable; Client host [45.9.20.101] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/45.9.20.101", "Service unavailable; Client host PEER blocked using zen.spamhaus.org"],
  ["Service unavailable; Client host [45.9.20.101] blocked using zen.spamhaus.org; http://www.spamhaus.org/sbl/query/SBLCSS / https://www.spamhaus.org/query/ip/45.9.20.101", "Service unavailable; Client host PEER blocked using zen.spamhaus.org"],
  ["JunkMail rejected - test.com [1.2.3.4]:53343 is in an RBL: https://www.spamhaus.org/sbl/query/SBLCSS", "JunkMail rejected - PEER is in an RBL: URL"],
  // Gmail's multi-line replies keep each line's code in the logged text
  ["5.7.26 Unauthenticated email from example.com is not accepted due to 550-5.7.26 domain's DMARC policy. Please contact the administrator of example.com domain if 550-5.7.26 this was a legitimate mail.",
    "N Unauthenticated email from example.com is not accepted due to domain's DMARC policy. Please contact the administrator of example.com domain if this was a legitimate mail."],
  ["[1.2.3.4      15] Our system has detected an unusual rate of 421-4.7.0 unsolicited mail originating from your IP address.", "[IP N] Our system has detected an unusual rate of unsolicited mail originating from your IP address."],
  ["please call 555-1234 or 250-line", "please call N-N or N-line"],
  // a URL ends where the text around it takes over: its brackets and punctuation stay
  ["Rejected: *bold* _u_ [l](http://e) ;", "Rejected: *bold* _u_ […](URL) ;"],
  ["Blocked (see https://x.example/y?a=1) by policy", "Blocked (see URL) by policy"],
  ["Blocked, see <https://x.example/help>: policy", "Blocked, see <URL>: policy"],
  ["Blocked, visit https://x.example/help.", "Blocked, visit URL."],
  ["Blocked, see https://x.example/y; try later", "Blocked, see URL; try later"],
  ["Mailbox moved, see 'https://x.example/y', sorry!", "Mailbox moved, see 'URL', sorry!"],
  // ...while brackets the URL itself opened are part of it
  ["see https://en.wikipedia.org/wiki/Foo_(bar) now", "see URL now"],
  ["Please see http://www.openspf.net/Why?s=mfrom;id=a%40b.example;ip=192.0.2.1;r=<UNKNOWN> (in reply to RCPT TO command)", "Please see URL (in reply to RCPT TO command)"],
  ["Client host blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/192.0.2.1.", "Client host blocked using zen.spamhaus.org"],
  // Exim names a host H=name [ip] (fixtures/lab/exim-mainlog.log, with a remote's name in the first):
  // masked whole, not one group per remote's name
  ["Connection timed out H=mx3.gmail.com [203.0.80.221]: SMTP timeout after sending data block (3275641 bytes written)", "Connection timed out H=PEER: SMTP timeout after sending data block (N bytes written)"],
  ["Connection timed out H=127.0.0.1 [127.0.0.1]: SMTP timeout after initial connection", "Connection timed out H=PEER: SMTP timeout after initial connection"],
  ["lost H=(helo.example) [192.0.2.1]:2525 and H=[2001:db8::1]", "lost H=PEER and H=PEER"],
  // a server naming itself first, as RFC 5321 writes 421 and 554 (fixtures/lab: busy.lab.test, rude.lab.test)
  ["busy.lab.test Service not available, try again later", "HOST Service not available, try again later"],
  ["mx-2.example.net No SMTP service here", "HOST No SMTP service here"],
  // ...not an enhanced code, an address, or an abbreviation
  ["5.7.26 Unauthenticated email", "N Unauthenticated email"],
  ["192.0.2.1 is listed", "IP is listed"],
  ["e.g. try later", "e.g. try later"],
  // Exim's bounce once retrying ran out (fixtures/lab/exim-mainlog.log): the domain is listed with the group, not in it
  ["all hosts for 'slow.test' have been failing for a long time (and retry time not reached)", "all hosts for 'DOMAIN' have been failing for a long time (and retry time not reached)"],
  ["retry time not reached for any host for 'nogreet.test'", "retry time not reached for any host for 'DOMAIN'"],
];

describe('maskShape', () => {
  for (const [input, shape] of shapes) test(input, () => expect(maskShape(input)).toBe(shape));

  test('lines that differ only in ids, peers and numbers share one shape', () => {
    const a = maskShape('1F2DF60508: host mx1.example.com[192.0.2.1] said: 451 4.3.0 try again (in reply to RCPT TO command)');
    const b = maskShape('9A8B7C6D5E: host mx2.example.net[198.51.100.7] said: 451 4.3.0 try again (in reply to RCPT TO command)');
    expect(a).toBe(b);
  });

  test('a very long message is cut to about 200 characters', () => {
    const shape = maskShape(`warning: ${'word '.repeat(500)}`);
    expect(shape.length).toBeLessThanOrEqual(201);
    expect(shape.endsWith('…')).toBe(true);
  });
});

describe('normaliseReason', () => {
  for (const [input, reason] of reasons) test(input, () => expect(normaliseReason(input)).toBe(reason));

  test('replies to different recipients and clients group under one reason', () => {
    expect(normaliseReason('<ann@a.example>: Recipient address rejected: User unknown in virtual mailbox table')).toBe(
      normaliseReason('<bob@b.example>: Recipient address rejected: User unknown in virtual mailbox table'),
    );
  });
});
