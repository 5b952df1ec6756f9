import type { Entry } from './types.js';

// What our own client logs when it could not get a reply at all: connect, DNS and TLS problems.
// These appear as deferrals and bounces (Postfix status=deferred, Exim "==" / "**").

export const networkTexts: Entry[] = [
  {
    // RFC 5321 §3.1: a server that will not serve this client may answer the connection with 554 instead of 220.
    // Blocklist texts in such a greeting are caught earlier by their own entries; 550 greetings are off-standard but mean the same.
    id: 'text.net.no-smtp-service', match: { text: /\bno SMTP service\b/i, code: [554, 550], orStage: 'CONNECT' },
    title: 'Refused at connect: no SMTP service here',
    meaning: 'The server answered the connection with a refusal instead of the 220 greeting. RFC 5321 §3.1 gives 554 for a host that will not take mail from this client: either it accepts no mail at all, or it turns this client\'s address away at connect, usually because of a blocklist or a connection policy. No sender, recipient or message was looked at yet.',
    when: 'As the first reply of a session. Postfix logs "host X refused to talk to me: 554 ..." and keeps the message queued to try other MX hosts (smtp_skip_5xx_greeting); Exim logs "SMTP error from remote mail server after initial connection: 554 ...".',
    fix: 'Find out which of the two it is. Check the MX records of the recipient domain: a host that takes no mail should not be an MX. If it is the right MX, the refusal is aimed at the sending IP: check it on public blocklists and ask the remote postmaster. SPF, DKIM and the content play no part at this stage.',
    fixInbound: 'Your server refused the client at connect. The rule sits in the connection stage: Postfix postscreen or smtpd_client_restrictions, Exim host_reject_connection or acl_smtp_connect. If the client is legitimate, exempt it there.',
    fixOutbound: 'The remote refused your server before any command. Check that the host really is an MX of the recipient domain (dig MX domain). If it is, your sending IP is refused: look it up on public blocklists (Spamhaus, Barracuda, SpamCop), fix the cause and ask for delisting, or ask the remote postmaster. Nothing about the message itself (SPF, DKIM, content) is involved yet.',
    refs: ['RFC 5321 §3.1', 'RFC 5321 §4.2.3', 'Postfix smtp_skip_5xx_greeting', 'Exim acl_smtp_connect'],
  },
  {
    id: 'text.net.greeting-timeout', match: { text: /(?:timed out|lost connection with .*) while receiving the initial server greeting|SMTP timeout after initial connection|closed connection in response to initial connection/i },
    title: 'No greeting from the remote server',
    meaning: 'The TCP connection opened, but the remote never sent its 220 greeting (or dropped the connection first).',
    when: 'Overloaded or tarpitting servers, firewalls that accept the connection but block the traffic, servers that greet slowly on purpose.',
    fix: 'Test by hand (telnet or swaks to the MX on port 25). If the remote greets slowly, raise smtp_helo_timeout (Postfix) or the Exim transport command_timeout; otherwise wait or contact the remote.',
    refs: ['Postfix smtp_helo_timeout', 'Exim smtp transport command_timeout'],
  },
  {
    // before the other network entries: "connect to 127.0.0.1[127.0.0.1]:10024: Connection refused" is a service
    // of this machine that is down (the patterns read loopback addresses as [127.0.0.1], matcher.ts)
    id: 'text.net.local-service', match: { text: /connect to \S*\[(?:127\.0\.0\.1|(?:private|public)\/[^\]]*)\](?::\d+)?: (?:Connection refused|No such file or directory|Connection timed out|Permission denied)/i },
    title: 'A service on this machine does not answer',
    meaning: 'The delivery went to a service on this same host: an LMTP server such as Dovecot, a content filter such as amavis, or a UNIX socket under the Postfix queue directory. Nothing answered there.',
    when: 'Postfix lmtp or smtp deliveries to a loopback address or a socket ("connect to 127.0.0.1[127.0.0.1]:10024: Connection refused", "connect to x[private/dovecot-lmtp]: No such file or directory"), after that service stopped, crashed, or moved its socket.',
    fix: 'Start or restart the service and read its own log (systemctl status dovecot, amavis). Check that the address or socket the transport names (master.cf, transport_maps, content_filter, mailbox_transport such as lmtp:unix:private/dovecot-lmtp) is where the service listens, and that Postfix may open the socket. The queue retries by itself once it answers.',
    refs: ['Postfix lmtp(8)', 'Postfix content_filter', 'Postfix mailbox_transport'],
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
    fix: 'Test from the server: nc -vz mx.example 25. If every destination times out, outbound port 25 is blocked: ask your provider, or relay through a smarthost on port 587 (Postfix relayhost, Exim a manualroute router to the smarthost). If only one does, the remote is down.',
    refs: ['Postfix smtp_connect_timeout', 'Postfix relayhost', 'Exim manualroute router'],
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
    id: 'text.net.host-not-found', match: { text: /Host or domain name not found|missing MX|all MXs point|Name service error|host lookup did not complete|Host not found/i },
    title: 'Domain or host not found in DNS',
    meaning: 'DNS has no MX or address record for the destination, or the lookup failed.',
    when: 'Typos in the recipient domain (hotmial.com), expired domains, or your resolver failing ("try again").',
    fix: 'Check the domain with dig MX domain. "Host not found" means the domain is wrong or gone: fix the address. "try again" means a DNS failure: check your resolver (/etc/resolv.conf).',
    refs: ['RFC 5321 §5.1'],
  },
  {
    id: 'text.net.loop', match: { text: /loops back to myself|is the local host|mail forwarding loop|Too many "Received" headers|routing loop/i },
    title: 'Mail loop',
    meaning: 'The message would be sent back to the server it came from, or went around a forwarding loop.',
    when: 'Postfix "mail for x loops back to myself": the MX of a domain points at this server but the domain is not in mydestination, virtual or relay domains. Forwarding rules that point at each other.',
    fix: 'Add the domain to the right Postfix domain class (mydestination, virtual_mailbox_domains, relay_domains) or Exim local_domains; or fix the forwarding.',
    refs: ['Postfix mydestination', 'Postfix relay_domains'],
  },
  {
    id: 'text.net.tls', match: { text: /TLS session|SSL_connect|gnutls_handshake|TLS handshake|DANE error|TLSA|certificate verif|Cannot start TLS|TLS is required, but|Server certificate not (?:verified|trusted)/i },
    title: 'TLS handshake or DANE failure',
    meaning: 'Encryption could not be set up with the remote: handshake error, certificate problem, or a DANE (TLSA) check that failed.',
    when: 'When TLS is required (smtp_tls_security_level = encrypt/dane, Exim hosts_require_tls / hosts_require_dane) or the remote\'s TLS stack is broken.',
    fix: 'Test with openssl s_client -starttls smtp -connect host:25. Check the remote certificate and TLSA records; for opportunistic TLS, a failure should fall back to plain text.',
    refs: ['Postfix smtp_tls_security_level', 'Exim hosts_require_tls', 'RFC 7672'],
  },
  {
    // qmgr's words when a delivery agent of any transport ended without a verdict: no local command ran
    id: 'text.postfix.transport-crashed', match: { text: /unknown mail transport error/i },
    title: 'A Postfix delivery agent failed before it could deliver',
    meaning: 'The delivery agent of the transport (smtp, lmtp, local, virtual, pipe...) ended without telling the queue manager how delivery went: it could not start, or it crashed. The queue manager holds back that transport for a while and defers its mail.',
    when: 'After a configuration mistake (a transport or service in master.cf that does not exist, a socket such as private/dovecot-lmtp that is not there, a wrong parameter) or a crash; the same log has the agent\'s "fatal:" or "warning: ... transport ... failure" line just before.',
    fix: 'Read the agent\'s fatal or warning line just before the deferral and fix the master.cf entry or parameter it names; run postfix check and postfix reload. The deferred mail goes out by itself once the transport works (postqueue -f to hurry it).',
    refs: ['Postfix master(5)', 'Postfix qmgr(8)'],
  },
  {
    id: 'text.net.local-command', match: { text: /Command (?:output|died|time limit exceeded)|mailbox is locked|Child process of .* transport returned|return message generated|transport filter process failed|pipe delivery process timed out|transport filter timeout|unable to execute command/i },
    title: 'Local delivery program failed',
    meaning: 'The local delivery agent or a pipe command (procmail, a script) failed; its exit status decided bounce or deferral.',
    when: 'Postfix local/pipe deliveries: exit 75 (EX_TEMPFAIL) defers, 67 (EX_NOUSER) bounces.',
    fix: 'Run the command by hand as the delivery user with the same input and read its output; fix permissions, locks or the script.',
    refs: ['Postfix pipe(8)', 'Postfix local(8)', 'sysexits.h'],
  },
  {
    id: 'text.net.connection-broken', match: { text: /Remote host closed connection|Malformed SMTP reply|Network Error|Connection reset|Broken pipe|unexpected disconnection/i },
    title: 'Connection broken by the remote during the dialogue',
    meaning: 'The remote closed or reset the connection, or answered with something that is not an SMTP reply, before the message was sent.',
    when: 'Remote servers that drop clients they dislike without a reply, overloaded servers, middleboxes that cut SMTP sessions.',
    fix: 'Retry is automatic. If it repeats for one destination, test by hand (swaks) to see at which command it breaks, then contact the remote postmaster.',
    refs: ['RFC 5321 §4.5.3.2'],
  },
  {
    id: 'text.local.write-failed', match: { text: /Permission denied|failed to lock mailbox|lock file|failed to create directories|mailbox file format/i },
    title: 'Local mailbox or file could not be written',
    meaning: 'The local delivery could not write to the mailbox or file: permissions, locks or a broken mailbox file.',
    when: 'Local deliveries after a change of ownership or permissions, stale lock files, a mailbox in an unexpected format.',
    fix: 'Check the owner and mode of the mailbox and its directory against the user the delivery runs as; remove stale lock files; check the mailbox format.',
    refs: ['Exim appendfile transport', 'Postfix local(8)'],
  },
  {
    id: 'text.exim.config-error', match: { text: /failed to expand|unknown ACL condition\/modifier|cannot use "[^"]*" in \S+ ACL|Expansion of .{1,200} failed|^Tainted '|\) not permitted$|_transport is unset|is not absolute|called with no hosts set|unset in \S+ router|not defined for \S+ transport|transport \(for .*\) not found|syntax error in (?:redirection|filter) data|error in redirect data|is not an absolute path|Malformed value|(?:delivery to (?:file|pipe)) forbidden/i },
    title: 'Mail server configuration or expansion error',
    meaning: 'The server could not route or deliver because of its own configuration: a string expansion failed, a router or transport option is missing, a forward file is broken, or (Exim 4.94 and later) a file name or command built from message data was refused as tainted.',
    when: 'After configuration changes, or with user .forward files that the configuration does not allow.',
    fix: 'Read the error: it names the router or transport (R=, T=). Test with exim -bt address (or postmap -q / sendmail -bv for Postfix) and fix the option; the message is retried or bounced accordingly.',
    refs: ['Exim string expansions', 'Exim exim -bt', 'Exim 4.94 tainted data'],
  },
];
