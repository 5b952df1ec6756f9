import type { Entry } from './types.js';

// Exim ACL and router/transport texts as they appear in mainlog and rejectlog.

export const eximTexts: Entry[] = [
  {
    id: 'text.exim.unrouteable', match: { text: /Unrouteable|all relevant MX records point to non-existent hosts|an MX or SRV record indicated no SMTP service/i },
    title: 'Unrouteable address',
    meaning: 'Exim found no route for the address: the domain has no usable MX or A record, or no router accepted it.',
    when: 'At RCPT ("rejected RCPT <x>: Unrouteable address", from verify = recipient) or as a bounce ("** x: Unrouteable address").',
    fix: 'Check the domain spelling and its DNS (dig MX). For your own domains, check that a router handles them (local_domains, relay_to_domains, routers order).',
    fixInbound: 'Your server found no router that accepts the recipient. For one of your own domains this nearly always means no such user: a typo, an old address, or a dictionary attack (many addresses from one client); nothing to change, but an address that should exist needs its alias, user or virtual entry (test it with exim -bt and the address). A domain that should be yours but is not in local_domains or relay_to_domains gets this for every user: add it.',
    refs: ['Exim verify = recipient', 'Exim routers'],
  },
  {
    id: 'text.exim.sender-verify', match: { text: /Sender verify failed|sender verify fail|Could not complete sender verify|callout verification failure|recipient verify callout|Could not complete recipient verify/i },
    title: 'Sender or recipient verification failed',
    meaning: 'Exim tried to verify the address (by routing it, or by a callout to its MX) and the check failed or could not complete.',
    when: 'ACLs with verify = sender or verify = recipient/callout; "Previous (cached) callout verification failure" repeats an earlier result.',
    fix: 'Sending side: use an envelope sender that exists and whose MX accepts RCPT for it. Receiving side: callouts to broken servers cause false refusals; relax verify = sender/callout for known senders. A cached failure is reused until it expires (callout_negative_expire, 2 hours by default); to drop one sooner, delete its record from the callout database with exim_fixdb (exim_tidydb only removes records older than 30 days unless given -t).',
    refs: ['Exim verify = sender', 'Exim callout verification'],
  },
  {
    // before the rate limit entry: Postfix answers its anvil connection limits with this wording too
    id: 'text.conn-limit', match: { text: /too many (?:concurrent (?:SMTP )?)?connections\b/i },
    title: 'Too many connections from one client',
    meaning: 'The server caps how many connections one client address may hold open at once, or open per time unit, and this client went over the cap. The connection was turned away with 421 before any mail was offered.',
    when: 'Exim smtp_accept_max_per_host ("Connection from [ip] refused: too many connections from that IP address") and smtp_accept_max for all clients together; Postfix anvil limits smtpd_client_connection_count_limit and smtpd_client_connection_rate_limit ("421 4.7.0 ... Error: too many connections from ...", with a "Connection concurrency limit exceeded" or "Connection rate limit exceeded" warning next to it).',
    fix: 'Sending side: open fewer parallel connections to this server (Postfix default_destination_concurrency_limit, Exim remote_max_parallel); the refused mail is retried. Receiving side: if the client is a known busy relay, exempt it (Postfix smtpd_client_event_limit_exceptions) or give it a higher cap (Exim smtp_accept_max_per_host is expanded, so it can depend on $sender_host_address).',
    refs: ['Exim smtp_accept_max_per_host', 'Postfix smtpd_client_connection_count_limit', 'Postfix smtpd_client_connection_rate_limit'],
  },
  {
    id: 'text.exim.header-syntax', match: { text: /failing address in "[^"]*" header|syntax error in '[^']*' header/i },
    title: 'Malformed address in a message header',
    meaning: 'A From:, Sender:, Reply-To:, To:, Cc: or Bcc: header holds an address Exim cannot parse (a missing domain, an unclosed angle bracket, an unquoted display name with special characters), and an ACL with verify = header_syntax refused the message.',
    when: 'After DATA: "rejected after DATA: domain missing or malformed: failing address in "To:" header is: ...". Broken scripts, web forms and some bulk mailers write such headers.',
    fix: 'Sending side: fix the program that writes the header (full addresses with a domain, display names in quotes, closed angle brackets). Receiving side: if a legitimate sender keeps tripping it, exempt that host or authenticated users before the verify = header_syntax statement (hosts = or !authenticated = *).',
    refs: ['Exim verify = header_syntax', 'RFC 5322 §3.4'],
  },
  {
    // before the rate-limit entry ("Too many messages"): a count per connection, not per time
    id: 'text.exim.per-connection-limit', match: { text: /too many messages in (?:one|this) connection/i },
    title: 'Too many messages in one connection',
    meaning: 'The client sent more messages over one connection than the server allows, and the server closed it with 421. Nothing is lost: the client sends the rest over a new connection.',
    when: 'Exim "rejected MAIL command ...: too many messages in one connection", above smtp_accept_max_per_connection (1000 by default): bulk senders and queue flushes that keep one connection open.',
    fix: 'Usually nothing to do. A receiving admin who wants fewer reconnections raises Exim\'s smtp_accept_max_per_connection (it may be an expansion, per host); a Postfix sender can send fewer messages per connection with smtp_connection_reuse_count_limit.',
    refs: ['Exim smtp_accept_max_per_connection', 'Postfix smtp_connection_reuse_count_limit'],
  },
  {
    // "rate: 3.0 / 1h" is how ratelimit results read in log_message texts ($sender_rate / $sender_rate_period);
    // "too much mail from" / "too many recipients from" are Postfix's anvil replies (message and recipient rate)
    id: 'text.rate-limit', match: { text: /rate ?limit|sending rate|submission rate|too fast|Too many messages|too much mail from|too many recipients from|concurrency limit|\brate:? \d+(?:\.\d+)? \/ \d*[smhdw]\b/i },
    title: 'Rate limit reached',
    meaning: 'The client sent more messages or recipients in a time window than the server allows.',
    when: 'Exim ratelimit ACL conditions, Postfix anvil limits (smtpd_client_message_rate_limit), provider rate limits (Exchange: "4.4.2 Message submission rate for this client has exceeded the configured limit").',
    fix: 'Sending side: slow down (lower concurrency, spread bulk mail). Receiving side: raise the limit for known bulk senders if they are legitimate.',
    refs: ['Exim ratelimit ACL condition', 'Postfix smtpd_client_message_rate_limit'],
  },
  {
    // before the spam entry: an ACL's own words for a bare HELO name may say "SPAM"
    id: 'text.exim.no-helo', match: { text: /no HELO\/EHLO given|syntactically invalid argument|HELO\/EHLO required|HELO\/EHLO without a (?:period|dot)/i },
    title: 'Missing or invalid HELO',
    meaning: 'The client sent MAIL without saying HELO/EHLO first, or gave an invalid HELO argument.',
    when: 'Exim "rejected MAIL from [ip]: no HELO/EHLO given", "rejected HELO from x: syntactically invalid argument(s)", or an ACL of the site\'s own refusing a HELO name with no dot in it ("SPAM HELO/EHLO without a period").',
    fix: 'Configure the client to start with EHLO and its fully qualified hostname. Bots cause most of these.',
    refs: ['Exim helo_verify_hosts', 'RFC 5321 §4.1.1.1'],
  },
  {
    id: 'text.exim.encryption-required', match: { text: /encryption required|(?<!Server )certificate not verified|Must issue a STARTTLS|TLS required/i },
    title: 'TLS required by the server',
    meaning: 'The server refuses to continue without an encrypted session, or without a verified client certificate.',
    when: 'Exim ACLs with "encrypted = *" or certificate checks; servers that require STARTTLS before MAIL.',
    fix: 'Enable STARTTLS on the client, and a valid certificate where one is required.',
    refs: ['Exim encrypted ACL condition', 'RFC 3207'],
  },
  {
    id: 'text.exim.local-scan', match: { text: /rejected by local_scan|local_scan\(\) function timed out/i },
    title: 'Refused by local_scan',
    meaning: 'Exim\'s compiled-in local_scan function refused the message or timed out.',
    when: 'On installations with a local_scan module (spam or policy plug-ins).',
    fix: 'Check the local_scan module\'s own logs and configuration.',
    refs: ['Exim local_scan()'],
  },
  {
    id: 'text.exim.host-rejected', match: { text: /host_reject_connection|rejected connection in "connect" ACL|host deferred/i },
    title: 'Connection refused by host list or connect ACL',
    meaning: 'Exim refused or deferred the client at connection time because of host_reject_connection or the connect ACL.',
    when: 'Right after connect, before any command.',
    fix: 'If the client is legitimate, remove it from the host list or adjust the connect ACL.',
    refs: ['Exim host_reject_connection', 'Exim acl_smtp_connect'],
  },
  {
    id: 'text.exim.retry-time', match: { text: /retry time not (?:yet )?reached|retry timeout exceeded/i },
    title: 'Retry time not reached / retry timeout exceeded',
    meaning: 'Exim is waiting between retries of a failing destination ("not reached"), or gave up after the retry rules\' total time ("exceeded", the message bounces).',
    when: 'On every queue run for a destination that keeps failing; "retry timeout exceeded" at the end.',
    fix: 'Find the original error of the first failed attempt for that host or address (exim -Mvl, or earlier "==" lines) and fix it; exinext shows the retry data.',
    refs: ['Exim retry configuration', 'Exim exinext'],
  },
  {
    id: 'text.exim.forced-defer', match: { text: /forced (?:defer|failure|freeze)|forcibly deferred|forced to defer|SMTP delivery explicitly queued|deliberate|domain is held|queue_domains|first-pass only routing|domain matches queue_smtp_domains|deferred by/i },
    title: 'Delivery deferred by configuration',
    meaning: 'A router or ACL deferred the address on purpose (a ":defer:" alias, a defer router, queue_smtp_domains).',
    when: 'With redirect or manualroute data that says :defer:, or on systems that queue SMTP deliveries for a later run.',
    fix: 'Nothing if intended. Otherwise find the router named by R= and remove the defer rule.',
    refs: ['Exim redirect router :defer:', 'Exim queue_smtp_domains'],
  },
  {
    // the message is whatever the ACL's message= says; this one is the usual wording. Postfix's "Client host
    // rejected: Service temporarily unavailable" (a DEFER access entry) is caught earlier by its prefix.
    id: 'text.exim.acl-defer', match: { text: /^Service temporarily unavailable\b/i, classes: ['4'], direction: 'inbound' },
    title: 'Deferred on purpose by an ACL rule',
    meaning: 'An Exim ACL statement with the defer verb matched: a deliberate, temporary refusal by local policy, not a failure of the server. Exim answers 451 unless the ACL sets another code, and logs "temporarily rejected" with the statement\'s message.',
    when: 'Maintenance rules, greylisting, rate limits or host checks written as defer statements in acl_smtp_rcpt, acl_smtp_mail or acl_smtp_connect.',
    fix: 'Senders retry by themselves. If the deferral should not apply, find the defer statement whose message= is this text (the rejectlog has the full line) and narrow its conditions or remove it.',
    refs: ['Exim ACL verb defer', 'Exim acl_smtp_rcpt'],
  },
  {
    id: 'text.exim.sync-error', match: { text: /synchronization error/i },
    title: 'SMTP synchronization error (talked before its turn)',
    meaning: 'The client sent data before the server\'s greeting, or sent several commands at once when the server had not offered PIPELINING or had to answer first. Exim checks this (smtp_enforce_sync, on by default), answers "554 SMTP synchronization error" and drops the connection.',
    when: 'Exim logs "SMTP protocol synchronization error (input sent without waiting for greeting): rejected connection from H=..." or "(next input sent too soon: pipelining was not advertised)". Spam bots that do not wait for replies cause nearly all of them; Postfix\'s postscreen calls the same thing pregreet.',
    fix: 'Nothing for bots: the check is doing its job. A legitimate client that trips it is broken or sits behind a device that buffers SMTP: fix that client. Exim can offer PIPELINING to it (pipelining_advertise_hosts); smtp_enforce_sync = false switches the check off for everyone and lets the bots in too.',
    refs: ['Exim smtp_enforce_sync', 'Exim pipelining_advertise_hosts', 'RFC 2920', 'RFC 5321 §4.3.1'],
  },
  {
    id: 'text.exim.unknown-commands', match: { text: /too many unrecognized commands/i },
    title: 'Too many unrecognised commands',
    meaning: 'The client sent more commands that are not SMTP than the server tolerates, so the server dropped the connection.',
    when: 'Exim closes the session with "500 Too many unrecognized commands" after smtp_max_unknown_commands (3 by default) unknown commands; scanners, clients speaking HTTP or another protocol to port 25, or a typo-prone session typed by hand.',
    fix: 'Nothing for scanners. If a legitimate client uses an extension Exim does not know, fix or configure the client; raise smtp_max_unknown_commands only if you trust the clients that hit it. In Postfix the similar limit is smtpd_hard_error_limit.',
    refs: ['Exim smtp_max_unknown_commands', 'Postfix smtpd_hard_error_limit', 'RFC 5321 §4.2.4'],
  },
  {
    id: 'text.exim.nonmail-commands', match: { text: /too many nonmail commands/i },
    title: 'Too many commands that send no mail',
    meaning: 'The client sent more commands that do not move a message forward (RSET, NOOP, VRFY, EXPN, HELP, AUTH attempts, repeated EHLO) than the server tolerates in one connection, so the server answered 554 and dropped it.',
    when: 'Exim closes the session with "554 Too many nonmail commands" after more than smtp_accept_max_nonmail (10 by default) such commands from a host in smtp_accept_max_nonmail_hosts (all hosts by default); address probers, password guessers and clients stuck in a RSET or NOOP loop.',
    fix: 'Nothing for probers and guessers. If a legitimate client trips it (a monitoring check, an application that sends RSET or NOOP between messages), fix the client, or exempt its address from smtp_accept_max_nonmail_hosts rather than raising smtp_accept_max_nonmail for everyone.',
    refs: ['Exim smtp_accept_max_nonmail', 'Exim smtp_accept_max_nonmail_hosts'],
  },
  {
    id: 'text.exim.temporary-local-problem', match: { text: /Temporary local problem/i },
    title: 'Temporary local problem on the server',
    meaning: 'The server had a temporary problem of its own and asked for a retry, without saying what.',
    when: 'Exim\'s default text for a "defer" ACL verb or an internal error ("451 Temporary local problem - please try later").',
    fix: 'Senders retry automatically. On the receiving server, the paniclog and mainlog at the same time say what failed (database, DNS, a filter).',
    refs: ['Exim ACL verb defer'],
  },
];
