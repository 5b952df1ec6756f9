// Masking that turns many similar lines into one "shape", so misses and reply texts
// can be grouped and counted. Pure, and cheap enough to run on every miss / every reply.

const MAX_SHAPE = 200;

/**
 * Exim's way of naming a host: `H=name [ip]`, `H=name (helo) [ip]`, `H=(helo) [ip]`, `H=[ip]`, with
 * `:port` when +incoming_port or +outgoing_port logs it. The generic peer mask below takes only the
 * `[ip]` of it (Postfix writes `name[ip]`, no space), which left the name: one group per remote.
 */
const EXIM_PEER: [RegExp, string] = [/\bH=(?:[^\s[\]()]+ )?(?:\([^()\s]*\) )?\[[0-9A-Fa-f:.]+\](?::\d+)?/g, 'H=PEER'];

// Order matters: the wide tokens (addresses, <...>, peers) go first so the number mask
// does not chew them into pieces.
const SHAPE_STEPS: Array<[RegExp, string]> = [
  [/"(?:[^"\\]|\\.)*"/g, '"…"'],
  [/'[^'\s]*'/g, "'…'"],
  [/<[^<>]*>/g, '<…>'],
  // "address not listed for hostname X", "hostname X does not resolve to address": one shape per
  // warning, not one per client name
  [/\bhostname [^\s:,;()[\]]+/g, 'hostname HOST'],
  [/[^\s<>@,;:()[\]"]+@[^\s<>,;:()[\]"]+/g, 'ADDR'],
  EXIM_PEER,
  // name[ip] and name[ip]:port, the way Postfix writes peers
  [/[\w.-]*\[[0-9A-Fa-f:.]+\](?::\d+)?/g, 'PEER'],
  [/\[[^\]\s]*\](?::\d+)?/g, '[…]'],
  // clock times first, or the IPv6 mask would take "02:04:14" for an address
  [/\b\d\d:\d\d:\d\d(?:\.\d+)?\b/g, 'TIME'],
  [/\b(?:\d{1,3}\.){3}\d{1,3}\b/g, 'IP'],
  [/\b(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}\b/g, 'IP'],
  // queue ids: short hex (Postfix default), long ids, Exim ids
  [/\b(?=\d*[A-F])[0-9A-F]{6,12}\b/g, 'QID'],
  [/\b(?=[0-9A-Za-z]*\d)(?=[0-9A-Za-z]*[A-Za-z])[0-9A-Za-z]{8,}\b/g, 'ID'],
  [/\b[0-9A-Za-z]{6}-[0-9A-Za-z]{6,11}-[0-9A-Za-z]{2,4}\b/g, 'QID'],
  [/\b0x[0-9a-fA-F]+\b/g, 'HEX'],
  [/\b[0-9a-f]{16,}\b/g, 'HEX'],
  [/\d+(?:\.\d+)*/g, 'N'],
  [/\s+/g, ' '],
];

/** Masks the variable parts of a log message so lines of one kind share one shape. */
export function maskShape(message: string): string {
  let s = message.length > 4 * MAX_SHAPE ? message.slice(0, 4 * MAX_SHAPE) : message;
  for (const [re, to] of SHAPE_STEPS) s = s.replace(re, to);
  s = s.trim();
  return s.length > MAX_SHAPE ? s.slice(0, MAX_SHAPE) + '…' : s;
}

// A URL ends before what the text around it put after it: "(see https://x/y)", "<https://x>",
// "https://x.", "see https://x/y;". A closing bracket stays in the URL only when the URL opened
// it ("…/wiki/Foo_(bar)", the SPF link's "…;r=<UNKNOWN>").
const URL_RE = /\bhttps?:\/\/[^\s"`]+/g;
const CLOSES: Record<string, string> = { ')': '(', ']': '[', '}': '{', '>': '<' };
const count = (s: string, c: string): number => s.split(c).length - 1;
function maskUrl(url: string): string {
  let end = url.length;
  for (;;) {
    const last = url[end - 1]!;
    const opener = CLOSES[last];
    if (/[.,;:!?']/.test(last)) end--;
    else if (opener && count(url.slice(0, end), opener) < count(url.slice(0, end), last)) end--;
    else break;
  }
  return `URL${url.slice(end)}`;
}

const REASON_STEPS: Array<[RegExp, string]> = [
  // a reply that starts with a host name is a server naming itself, the way RFC 5321 writes 421 and 554
  // ("421 4.3.2 mx1.example.net Service not available"), or Exim naming the domain it could not route:
  // one group per cause, not per server
  [/^(?=[\w-]*[A-Za-z])[\w-]+(?:\.[\w-]+)*\.(?=[\w-]*[A-Za-z])[\w-]+(?= )/, 'HOST'],
  // A multi-line reply logged as one line keeps each line's "550-5.7.26 " prefix (Gmail):
  // drop the inner ones, or they split one reason by their codes.
  [/ [2-5]\d\d-[2-5]\.\d{1,3}\.\d{1,3}(?= )/g, ''],
  // Postfix's error(8) repeating a destination's last failure ("delivery temporarily suspended: connect
  // to …: Connection timed out") is that failure: one cause, one group
  [/(^|last error: )delivery temporarily suspended: /, '$1'],
  // Exim's authenticator failures name the login tried ("Incorrect authentication data
  // (set_id=info@example.com)"): a password-guessing run tries hundreds, for one cause
  [/ \(set_id=[^()]*\)/g, ''],
  // Exim's "dropped: too many syntax or protocol errors (last command was "…", C=…)": the bot's
  // last command, binary garbage included, is no part of the limit that was hit
  [/^(Too many syntax or protocol errors) \(last command was .*$/i, '$1'],
  [/<[^<>@\s]*@[^<>\s]*>/g, '<ADDR>'],
  [/[^\s<>@,;:()[\]"']+@[^\s<>,;:()[\]"']+/g, 'ADDR'],
  EXIM_PEER,
  // an Exim ACL message that quotes $sender_fullhost ("JunkMail rejected - mail.example [192.0.2.1]:53343
  // is in an RBL"): the client's name goes with its address (a dotted name only, so Postfix's
  // "Client host [192.0.2.1]" keeps its words)
  [/(?:[\w-]+(?:\.[\w-]+)+ )(?:\([^()\s]*\) )?\[[0-9A-Fa-f:.]+\](?::\d+)?/g, 'PEER'],
  [/[\w.-]*\[[0-9A-Fa-f:.]+\](?::\d+)?/g, 'PEER'],
  // "<name>: Helo command rejected", "<user>: Recipient address rejected": a name the client
  // chose, echoed back; one group per cause, not per name
  [/^<(?!(?:ADDR|PEER|URL)>)[^<>\s]+>:/, '<NAME>:'],
  // "Name service error for name=example.com type=MX"
  [/\bname=[^\s:;,]+/g, 'name=NAME'],
  // Exim: "all hosts for 'example.com' have been failing for a long time", "... for any host for 'example.com'"
  [/\b(hosts? for )'[^'\s]+'/g, "$1'DOMAIN'"],
  [/\[[^\]\s]*\]/g, '[…]'],
  [/\b\d\d:\d\d:\d\d(?:\.\d+)?\b/g, 'TIME'],
  [/\b(?:\d{1,3}\.){3}\d{1,3}\b/g, 'IP'],
  [/\b(?:[0-9A-Fa-f]{1,4}:){2,7}[0-9A-Fa-f]{0,4}\b/g, 'IP'],
  [/\b(?=\d*[A-F])[0-9A-F]{8,12}\b/g, 'QID'],
  // not the SMTP extensions a reply names ("SMTPUTF8 is required, but was not offered by host …")
  [/\b(?!(?:SMTPUTF8|8BITMIME)\b)(?=[0-9A-Za-z]*\d)(?=[0-9A-Za-z]*[A-Za-z])[0-9A-Za-z]{8,}\b/g, 'ID'],
  [/\b[0-9A-Za-z]{6}-[0-9A-Za-z]{6,11}-[0-9A-Za-z]{2,4}\b/g, 'QID'],
  [/(?<!SMTPUTF)\d+(?:\.\d+)*(?!BITMIME)/g, 'N'],
  [/\s+/g, ' '],
  // a DNSBL's TXT record is a lookup link per listed address ("…zen.spamhaus.org; URL / URL"):
  // with or without it, one list is one reason
  [/;\s*URL(?:\s*\/\s*URL)*\.?\s*$/, ''],
];

/**
 * Masks addresses, peers, ids and numbers in a reply text, keeping its words:
 * "<bob@x.org>: Recipient address rejected: User unknown in local recipient table"
 * becomes "<ADDR>: Recipient address rejected: User unknown in local recipient table".
 */
export function normaliseReason(text: string): string {
  let s = text.length > 1000 ? text.slice(0, 1000) : text;
  // a URL first: it may hold an IP, an id or an address, and is one token whatever it holds
  s = s.replace(URL_RE, maskUrl);
  for (const [re, to] of REASON_STEPS) s = s.replace(re, to);
  s = s.trim();
  return s.length > MAX_SHAPE ? s.slice(0, MAX_SHAPE) + '…' : s;
}
