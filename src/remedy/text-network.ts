import type { Entry } from './types.js';

// What our own client logs when it could not get a reply at all: connect, DNS and TLS problems.
// These appear as deferrals and bounces (Postfix status=deferred, Exim "==" / "**").

export const networkTexts: Entry[] = [
  {
    id: 'text.net.greeting-timeout', match: { text: /(?:timed out|lost connection with .*) while receiving the initial server greeting|SMTP timeout after initial connection|closed connection in response to initial connection/i },
    title: 'No greeting from the remote server',
    meaning: 'The TCP connection opened, but the remote never sent its 220 greeting (or dropped the connection first).',
    when: 'Overloaded or tarpitting servers, firewalls that accept the connection but block the traffic, servers that greet slowly on purpose.',
    fix: 'Test by hand (telnet or swaks to the MX on port 25). If the remote greets slowly, raise smtp_helo_timeout (Postfix) or the Exim transport command_timeout; otherwise wait or contact the remote.',
    refs: ['Postfix smtp_helo_timeout', 'Exim smtp transport command_timeout'],
  },
  {
    id: 'text.net.connection-refused', match: { text: /Connection refused/i },
    title: 'Connection refused by the remote host',
    meaning: 'Nothing listens on port 25 at the remote address, or a firewall answers with a reset.',
    when: 'The MX host is down, not a mail server, or the destination blocks you.',
    fix: 'Check the MX records of the domain and whether the host is up (telnet host 25). If only you are refused, the remote may be blocking your IP. Your queue retries.',
    refs: ['RFC 5321 §5'],
  },
  {
    id: 'text.net.connection-timeout', match: { text: /Connection timed out|connect to .* timed out|timed out while connecting/i },
    title: 'Connection timed out',
    meaning: 'No answer came to the TCP connection attempt: the packets are dropped somewhere.',
    when: 'Outbound port 25 is blocked by your provider or firewall (very common in clouds and on home lines), or the remote host is down.',
    fix: 'Test from the server: nc -vz mx.example 25. If every destination times out, outbound port 25 is blocked: ask your provider, or relay through a smarthost on port 587 (Postfix relayhost). If only one does, the remote is down.',
    refs: ['Postfix smtp_connect_timeout', 'Postfix relayhost'],
  },
  {
    id: 'text.net.unreachable', match: { text: /No route to host|Network is unreachable/i },
    title: 'Network unreachable',
    meaning: 'Your server has no route to the remote address.',
    when: 'Often IPv6: the MX has an AAAA record but your server has no working IPv6 route.',
    fix: 'If it is IPv6, set inet_protocols = ipv4 in Postfix (or disable_ipv6 in Exim) until IPv6 works; otherwise check routing and the firewall.',
    refs: ['Postfix inet_protocols', 'Exim disable_ipv6'],
  },
  {
    id: 'text.net.host-not-found', match: { text: /Host or domain name not found|Name service error|host lookup did not complete|Host not found/i },
    title: 'Domain or host not found in DNS',
    meaning: 'DNS has no MX or address record for the destination, or the lookup failed.',
    when: 'Typos in the recipient domain (hotmial.com), expired domains, or your resolver failing ("try again").',
    fix: 'Check the domain with dig MX domain. "Host not found" means the domain is wrong or gone: fix the address. "try again" means a DNS failure: check your resolver (/etc/resolv.conf).',
    refs: ['RFC 5321 §5.1'],
  },
  {
    id: 'text.net.loop', match: { text: /loops back to myself|mail forwarding loop|Too many "Received" headers|routing loop/i },
    title: 'Mail loop',
    meaning: 'The message would be sent back to the server it came from, or went around a forwarding loop.',
    when: 'Postfix "mail for x loops back to myself": the MX of a domain points at this server but the domain is not in mydestination, virtual or relay domains. Forwarding rules that point at each other.',
    fix: 'Add the domain to the right Postfix domain class (mydestination, virtual_mailbox_domains, relay_domains) or Exim local_domains; or fix the forwarding.',
    refs: ['Postfix mydestination', 'Postfix relay_domains'],
  },
  {
    id: 'text.net.tls', match: { text: /TLS session|SSL_connect|gnutls_handshake|TLS handshake|DANE error|TLSA|certificate verif/i },
    title: 'TLS handshake or DANE failure',
    meaning: 'Encryption could not be set up with the remote: handshake error, certificate problem, or a DANE (TLSA) check that failed.',
    when: 'When TLS is required (smtp_tls_security_level = encrypt/dane, Exim hosts_require_tls / dane) or the remote\'s TLS stack is broken.',
    fix: 'Test with openssl s_client -starttls smtp -connect host:25. Check the remote certificate and TLSA records; for opportunistic TLS, a failure should fall back to plain text.',
    refs: ['Postfix smtp_tls_security_level', 'Exim hosts_require_tls', 'RFC 7672'],
  },
  {
    id: 'text.net.local-command', match: { text: /Command (?:output|died|time limit exceeded)|mailbox is locked|unknown mail transport error/i },
    title: 'Local delivery program failed',
    meaning: 'The local delivery agent or a pipe command (procmail, a script) failed; its exit status decided bounce or deferral.',
    when: 'Postfix local/pipe deliveries: exit 75 (EX_TEMPFAIL) defers, 67 (EX_NOUSER) bounces.',
    fix: 'Run the command by hand as the delivery user with the same input and read its output; fix permissions, locks or the script.',
    refs: ['Postfix pipe(8)', 'Postfix local(8)', 'sysexits.h'],
  },
];
