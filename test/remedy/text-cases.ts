import type { RemedyQuery } from '../../src/remedy/index.js';

// Real reply texts, as the parsers hand them over (codes split off), with the entry that must win.
// "fx" cases come from fixtures/ (file named), "doc" cases are quoted from the provider's public pages.

type Case = { id: string; src: string } & RemedyQuery;
const i = 'inbound' as const;
const o = 'outbound' as const;

export const textCases: Case[] = [
  // a delivery to a service of this machine that is down (fixtures/lab2/lab2-postfix.log, scenario P09)
  { id: 'text.net.local-service', src: 'fx lab2/postfix', code: null, enhanced: '4.4.1', text: 'connect to 127.0.0.1[127.0.0.1]:2599: Connection refused', direction: o, status: 'deferred' },
  { id: 'text.net.local-service', src: 'fx lab/postfix', code: null, enhanced: '4.4.1', text: 'connect to 127.0.0.1[127.0.0.1]:2599: Connection refused', direction: o },
  // a login sending as another user's address (fixtures/corpus/postfix/whyscream-postfix-grok-patterns.log)
  { id: 'text.postfix.sender-login-mismatch', src: 'fx corpus/postfix/whyscream', code: 553, enhanced: '5.7.1', text: '<sender@example.com>: Sender address rejected: not owned by user ph123', direction: i },
  // Google's SMTP error reference
  { id: 'text.gmail.content-blocked', src: 'doc Google SMTP errors', code: 552, enhanced: '5.7.0', text: 'This message was blocked because its content presents a potential security issue. To review our message and attachment content guidelines, go to https://support.google.com/mail/?p=BlockedMessage', direction: o },
  { id: 'text.gmail.direct-send', src: 'doc Google SMTP errors', code: 550, enhanced: '5.7.1', text: "The IP you're using to send mail is not authorized to send email directly to our servers. Please use the SMTP relay at your service provider instead.", direction: o },
  { id: 'text.sending-quota', src: 'doc Google SMTP errors', code: 550, enhanced: '5.4.5', text: 'Daily user sending limit exceeded. For more information on Gmail sending limits go to https://support.google.com/a/answer/166852', direction: o },
  // the words of an address or a host name decide nothing (the lab's unknown user, renamed; a Barracuda-hosted MX that timed out)
  { id: 'text.postfix.user-unknown', src: 'fx lab/postfix', code: 550, enhanced: '5.1.1', text: '<dmarc@lab.example>: Recipient address rejected: User unknown in local recipient table', direction: i },
  { id: 'text.net.connection-timeout', src: 'fx lab2/postfix', code: null, enhanced: '4.4.1', text: 'connect to d123456a.ess.barracudanetworks.com[209.222.82.252]:25: Connection timed out', direction: o, status: 'deferred' },
  // Microsoft 365 bounce (fixtures/corpus/postfix/louisitvn-pflgviewer.log)
  { id: 'text.microsoft.recipient-unknown', src: 'fx corpus/postfix/louisitvn', code: 550, enhanced: '5.4.1', text: '[Kevin.Huntingtrim@dmnkin.info]: Recipient address rejected: Access denied', direction: o },
  // Postfix lab (fixtures/lab/postfix-maillog_file.log)
  { id: 'text.postfix.user-unknown', src: 'fx lab/postfix', code: 550, enhanced: '5.1.1', text: '<info2@lab.example>: Recipient address rejected: User unknown in local recipient table', direction: i },
  { id: 'text.postfix.moved', src: 'fx lab/postfix', code: 550, enhanced: '5.1.6', text: '<trent@lab.example>: Recipient address rejected: User has moved to trent@elsewhere.example', direction: i },
  { id: 'text.postfix.moved', src: 'fx lab/exim', code: 551, enhanced: '5.1.6', text: 'User not local; please try <trent@elsewhere.example>', direction: i },
  { id: 'text.relay-denied', src: 'fx lab/postfix', code: 554, enhanced: '5.7.1', text: '<victim@remote.example>: Relay access denied', direction: i },
  { id: 'text.relay-denied', src: 'fx lab/exim', code: 550, enhanced: null, text: 'relay not permitted', direction: i },
  { id: 'text.size-limit', src: 'fx lab/postfix', code: 552, enhanced: '5.3.4', text: 'Message size exceeds fixed limit', direction: i },
  { id: 'text.size-limit', src: 'fx lab/exim', code: 552, enhanced: null, text: 'message too big: size=7029323 max=6500000', direction: i },
  { id: 'text.sender-rejected', src: 'fx lab/postfix', code: 554, enhanced: '5.7.1', text: '<spammer@bad.example>: Sender address rejected: Sender blacklisted by lab policy', direction: i },
  { id: 'text.postfix.non-fqdn-address', src: 'fx lab/postfix', code: 504, enhanced: '5.5.2', text: '<bareuser>: Sender address rejected: need fully-qualified address', direction: i },
  { id: 'text.postfix.client-rejected', src: 'fx lab/postfix', code: 450, enhanced: '4.7.1', text: '<unknown[127.0.0.63]>: Client host rejected: Service temporarily unavailable, try again later', direction: i },
  { id: 'text.unknown-client', src: 'fx lab/postfix', code: 450, enhanced: '4.7.25', text: 'Client host rejected: cannot find your hostname, [127.0.0.72]', direction: i },
  { id: 'text.unknown-client', src: 'fx lab/exim', code: 451, enhanced: null, text: 'host lookup failed (failed to find host name from IP address)', direction: i },
  { id: 'text.greylisting', src: 'fx lab/postfix', code: 451, enhanced: '4.7.1', text: '<greylisted@lab.example>: Recipient address rejected: Greylisted, please try again in 300 seconds', direction: i },
  { id: 'text.postfix.helo-fqdn', src: 'fx lab/postfix', code: 504, enhanced: '5.5.2', text: '<localhostonly>: Helo command rejected: need fully-qualified hostname', direction: i },
  { id: 'text.postfix.helo-invalid', src: 'fx lab/postfix', code: 501, enhanced: '5.5.2', text: '<bad_helo!name>: Helo command rejected: Invalid name', direction: i },
  { id: 'text.postfix.helo-invalid', src: 'fx corpus/postfix/kdent', code: 450, enhanced: '4.7.1', text: '<abts-kk-dynamic-012.84.179.122.airtelbroadband.in>: Helo command rejected: Host not found', direction: i },
  { id: 'text.postfix.helo-rejected', src: 'fx corpus/postfix/crowdsec', code: 504, enhanced: '5.5.2', text: '<WIN-9QL4SDRB93L>: Helo command rejected: need fully-qualifiedhostname', direction: i },
  { id: 'text.postfix.milter-tempfail', src: 'fx lab/postfix', code: 451, enhanced: '4.7.1', text: 'Service unavailable - try again later', direction: i },
  { id: 'text.postfix.protocol-error', src: 'fx lab/postfix', code: 550, enhanced: '5.5.1', text: 'Protocol error', direction: i },
  { id: 'text.spam-content', src: 'fx lab/postfix', code: 550, enhanced: '5.7.1', text: 'Message rejected by lab milter (spam score 12.3)', direction: i },
  { id: 'text.milter', src: 'fx lab/postfix', code: 550, enhanced: '5.7.1', text: 'Recipient blocked by lab milter', direction: i },
  { id: 'text.postfix.service-unavailable', src: 'fx corpus/postfix/crowdsec', code: 554, enhanced: '5.7.1', text: 'Service unavailable', direction: i },
  { id: 'text.virus', src: 'fx lab/postfix', code: 550, enhanced: '5.7.1', text: 'Virus found: Lab.Test.Signature', direction: i },
  { id: 'text.postfix.insufficient-storage', src: 'fx lab/postfix', code: 451, enhanced: '4.3.0', text: 'Error: queue file write error', direction: o },
  { id: 'text.postfix.insufficient-storage', src: 'fx corpus/postfix/kdent', code: 452, enhanced: '4.3.1', text: 'Insufficient system storage', direction: i },
  { id: 'text.temporary-lookup', src: 'fx lab/postfix', code: 451, enhanced: '4.3.0', text: '<r451-olduser@bounce.test>: Temporary lookup failure', direction: o },
  { id: 'text.mailbox-full', src: 'fx lab/postfix', code: 452, enhanced: '4.2.2', text: '<r452-full@bounce.test>: Mailbox full, try again later', direction: o },
  { id: 'text.user-unknown', src: 'fx lab/postfix', code: 550, enhanced: '5.1.1', text: '<r550-info2@bounce.test>: Recipient address rejected: User unknown', direction: o },
  { id: 'text.access-denied', src: 'fx corpus/postfix/kdent', code: 554, enhanced: '5.7.1', text: '<david@seaglass.com>: Recipient address rejected: Access denied', direction: i },
  { id: 'text.postfix.sender-domain-not-found', src: 'fx corpus/postfix/fail2ban', code: 450, enhanced: '4.1.8', text: '<some@nonexistant.tld>: Sender address rejected: Domain not found', direction: i },
  { id: 'text.postfix.unverified-recipient', src: 'fx corpus/postfix/fail2ban', code: 550, enhanced: '5.1.1', text: '<user1@example.com>: Recipient address rejected: undeliverable address: verification failed', direction: i },
  { id: 'text.postfix.multi-recipient-bounce', src: 'fx corpus/postfix/fail2ban', code: 550, enhanced: '5.5.3', text: '<DATA>: Data command rejected: Multi-recipient bounce', direction: i },
  { id: 'text.postfix.recipient-domain-not-found', src: 'doc Postfix reject_unknown_recipient_domain', code: 450, enhanced: '4.1.2', text: '<user@no-such-domain.example>: Recipient address rejected: Domain not found', direction: i },
  { id: 'text.spf-dmarc', src: 'fx corpus/postfix/dmlinarr', code: 550, enhanced: '5.7.23', text: '<reflector@cyberlab.fhnw.ch>: Recipient address rejected: Message rejected due to: SPF fail - not authorized.', direction: o },
  { id: 'text.too-many-recipients', src: 'fx corpus/postfix/kdent', code: 452, enhanced: '4.0.0', text: 'Too many recipients received from the sender', direction: o },
  { id: 'text.administrative-prohibition', src: 'fx corpus/postfix/gomaillex', code: 421, enhanced: '4.7.1', text: 'Intrusion prevention active for [8.19.240.91][P]', direction: o },
  { id: 'text.conn-limit', src: 'fx corpus/postfix/hsn723', code: 421, enhanced: '4.7.0', text: 'too many connections', direction: i },
  { id: 'text.conn-limit', src: 'fx lab2/exim', code: 421, enhanced: null, text: 'too many connections from that IP address', stage: 'CONNECT', direction: i },
  { id: 'text.rate-limit', src: 'fx lab2/exim', code: 550, enhanced: null, text: 'authenticated sender labuser over rate: 3.0 / 1h', stage: 'RCPT', direction: i },
  { id: 'text.exim.header-syntax', src: 'fx lab2/exim', code: 550, enhanced: null, text: 'domain missing or malformed: failing address in "To:" header is: <broken@', stage: 'END-OF-DATA', direction: i },
  { id: 'text.rate-limit', src: 'fx lab2/postfix', code: 450, enhanced: '4.7.1', text: 'Error: too much mail from 127.0.0.78', stage: 'MAIL', direction: i },
  { id: 'text.postfix.policy-failure', src: 'fx lab2/postfix', code: 451, enhanced: '4.3.5', text: '<policyslow@lab.example>: Recipient address rejected: Server configuration problem', stage: 'RCPT', direction: i },
  // Exim logs no text for a refused VRFY/EXPN/ETRN: the stage decides
  { id: 'text.probe-refused', src: 'fx lab2/exim', code: 252, enhanced: null, text: '', stage: 'VRFY', direction: i },
  { id: 'text.probe-refused', src: 'fx lab2/exim', code: 458, enhanced: null, text: '', stage: 'ETRN', direction: i },
  // Blocklists
  { id: 'text.blocklist.spamhaus', src: 'fx corpus/postfix/kdent', code: 554, enhanced: '5.7.1', text: 'Service unavailable; Client host [77.95.228.43] blocked using zen.spamhaus.org; http://www.spamhaus.org/sbl/query/SBLCSS', direction: i },
  { id: 'text.blocklist.barracuda', src: 'fx corpus/postfix/pixelpark', code: 550, enhanced: '5.7.1', text: 'Service unavailable; client [20.198.97.41] blocked using b.barracudacentral.org', direction: i },
  { id: 'text.blocklist.spamcop', src: 'fx corpus/postfix/wazuh', code: 550, enhanced: '5.7.1', text: 'Service unavailable; client [157.122.148.242] blocked using bl.spamcop.net', direction: i },
  { id: 'text.blocklist.generic', src: 'fx corpus/postfix (postscreen)', code: 550, enhanced: '5.7.1', text: 'Service unavailable; client [216.245.194.173] blocked using rbl.example.com', direction: i },
  // Network and local delivery (Postfix status=deferred/bounced details)
  // a refusal instead of the greeting (RFC 5321 §3.1): whatever the wording, connection-stage advice, not SPF/DKIM
  { id: 'text.net.no-smtp-service', src: 'fx lab/postfix', code: 554, enhanced: '5.7.1', text: 'rude.lab.test No SMTP service here', stage: 'CONNECT', direction: o, status: 'deferred' },
  { id: 'text.net.no-smtp-service', src: 'fx corpus/exim/testsuite', code: 554, enhanced: null, text: 'no smtp service here', stage: 'CONNECT', direction: o },
  { id: 'text.net.no-smtp-service', src: 'fx corpus/exim/testsuite', code: 550, enhanced: null, text: 'Go away (A)', stage: 'CONNECT', direction: o, status: 'bounced' },
  // a refusal at connect whose words name their cause: the text decides, not the stage
  { id: 'text.too-many-recipients', src: 'fx corpus/postfix/louisitvn', code: 550, enhanced: null, text: 'Too many invalid recipients', stage: 'CONNECT', direction: o, status: 'deferred' },
  { id: 'text.net.connection-refused', src: 'fx corpus/postfix/gomaillex', code: null, enhanced: '4.4.1', text: 'connect to mail.gbta.net[24.225.8.70]:25: Connection refused', direction: o },
  { id: 'text.net.connection-timeout', src: 'fx corpus/postfix/gomaillex', code: null, enhanced: '4.4.1', text: 'connect to unioncityschools.com[208.87.149.250]:25: Connection timed out', direction: o },
  { id: 'text.net.unreachable', src: 'fx corpus/postfix/gomaillex', code: null, enhanced: '4.4.1', text: 'delivery temporarily suspended: connect to inbound.smtp.vt.edu[2001:468:c80:2105:0:232:8670:19fe]:25: Network is unreachable', direction: o },
  { id: 'text.net.host-not-found', src: 'fx lab/postfix', code: null, enhanced: '5.4.4', text: 'Host or domain name not found. Name service error for name=nxdomain-1.invalid type=A: Host not found', direction: o },
  { id: 'text.net.greeting-timeout', src: 'fx lab/postfix', code: null, enhanced: '4.4.2', text: 'conversation with 127.0.0.1[127.0.0.1] timed out while receiving the initial server greeting', direction: o },
  { id: 'text.net.loop', src: 'fx lab/postfix', code: null, enhanced: '5.4.6', text: 'mail for 127.0.0.1 loops back to myself', direction: o },
  { id: 'text.net.local-command', src: 'fx lab/postfix', code: null, enhanced: '4.3.0', text: 'temporary failure. Command output: mailbox is locked ', direction: o },
  { id: 'text.net.tls', src: 'fx corpus/exim/testsuite', code: null, enhanced: null, text: 'DANE error: tlsa lookup FAIL', direction: o },
  { id: 'text.net.connection-broken', src: 'fx corpus/exim/testsuite', code: null, enhanced: null, text: 'Remote host closed connection in response to pipelined RCPT TO:<c@test.ex>', direction: o },
  // qmgr's verdict when an agent of any transport died (here lmtp: "fatal: unknown service: private/dovecot-lmtp/tcp" before it)
  { id: 'text.postfix.transport-crashed', src: 'fx corpus/postfix/infohtreasure-maillog', code: null, enhanced: '4.3.0', text: 'unknown mail transport error', direction: 'local' },
  // our own resolver's SERVFAIL or timeout on the recipient domain (relay=none), not a remote's lookup
  { id: 'text.net.dns-try-again', src: 'fx corpus/postfix/gomaillex', code: null, enhanced: '4.4.3', text: 'Host or domain name not found. Name service error for name=glub.net type=MX: Host not found, try again', direction: o },
  // smtp_accept_max_per_connection (fixtures/corpus/exim/exim-testsuite-mainlog.log): a count per connection, not a rate
  { id: 'text.exim.per-connection-limit', src: 'fx corpus/exim/testsuite', code: 421, enhanced: null, text: 'too many messages in one connection', direction: i },
  // a site's own ACL words for a bare HELO name (fixtures/corpus/exim/mailgraph-exim.log), not a content verdict
  { id: 'text.exim.no-helo', src: 'fx corpus/exim/mailgraph', code: 550, enhanced: null, text: 'SPAM HELO/EHLO without a period', direction: i },
  // Yahoo's own unknown-user wording (fixtures/corpus/exim/ddgrey-exim-mainlog.log)
  { id: 'text.user-unknown', src: 'fx corpus/exim/ddgrey', code: 554, enhanced: null, text: "delivery error: dd This user doesn't have a yahoo.com account (ronnienorcross@yahoo.com) [-9] - mta4420.mail.bf1.yahoo.com", direction: o },
  // Exim's answer-to-DATA failures come before any 354: no stall (transports/smtp.c: "in response to %s", "SMTP timeout after %s")
  { id: 'text.net.connection-broken', src: 'fx corpus/exim/testsuite (sibling: Malformed SMTP reply in response to DATA)', code: null, enhanced: null, text: 'Remote host closed connection in response to DATA', direction: o },
  { id: 'text.net.connection-timeout', src: 'Exim transports/smtp.c "SMTP timeout after %s", errno 110', code: null, enhanced: null, text: 'Connection timed out H=mx.d.example [203.0.113.4]: SMTP timeout after DATA', direction: o },
  { id: 'text.local.write-failed', src: 'fx corpus/exim/testsuite', code: null, enhanced: null, text: 'failed to lock mailbox TESTSUITE/test-mail/userx (lock file)', direction: o },
  { id: 'text.smtputf8', src: 'fx corpus/exim/testsuite', code: null, enhanced: null, text: 'utf8 support required but not offered for forwarding', direction: o },
  // Exim (fixtures/lab/exim-mainlog.log and corpus)
  // Exim's own answers (fixtures/lab/exim-mainlog.log, corpus/exim testsuite): ACL defer, sync check, sender ACL, unknown commands
  { id: 'text.exim.acl-defer', src: 'fx lab/exim', code: 451, enhanced: null, text: 'Service temporarily unavailable, try again later', direction: i },
  { id: 'text.exim.sync-error', src: 'fx lab/exim', code: 554, enhanced: null, text: 'SMTP synchronization error', direction: i },
  { id: 'text.sender-rejected', src: 'fx lab/exim', code: 550, enhanced: null, text: 'Sender blacklisted by lab policy', direction: i },
  { id: 'text.exim.unknown-commands', src: 'fx lab/exim', code: 500, enhanced: null, text: 'Too many unrecognized commands', direction: i },
  { id: 'text.exim.nonmail-commands', src: 'fx corpus/exim/fail2ban', code: 554, enhanced: null, text: 'Too many nonmail commands', stage: 'CONNECT', direction: i },
  { id: 'text.exim.nonmail-commands', src: 'fx corpus/exim/testsuite', code: 554, enhanced: null, text: 'Too many nonmail commands', stage: 'VRFY', direction: i },
  { id: 'text.exim.unrouteable', src: 'fx lab/exim', code: 550, enhanced: null, text: 'Unrouteable address', direction: i },
  { id: 'text.exim.sender-verify', src: 'fx lab/exim', code: 550, enhanced: null, text: 'Sender verify failed', direction: i },
  { id: 'text.exim.sender-verify', src: 'fx corpus/exim/testsuite', code: 550, enhanced: null, text: 'Previous (cached) callout verification failure', direction: i },
  { id: 'text.exim.no-helo', src: 'fx lab/exim', code: 501, enhanced: null, text: 'Syntactically invalid argument(s)', direction: i },
  { id: 'text.exim.temporary-local-problem', src: 'fx lab/exim', code: 451, enhanced: '4.3.0', text: 'Temporary local problem - please try later', direction: i },
  { id: 'text.exim.retry-time', src: 'fx lab/exim', code: null, enhanced: null, text: "retry time not reached for any host for 'refuse.test'", direction: o },
  { id: 'text.exim.retry-time', src: 'fx corpus/exim/testsuite', code: null, enhanced: null, text: 'retry timeout exceeded', direction: o },
  // qmgr's "status=force-expired" (postsuper -e), stored as the expiry's detail (fixtures/corpus/postfix/hsn723-postfix-exporter.log)
  { id: 'text.postfix.force-expired', src: 'fx corpus/postfix/hsn723', code: null, enhanced: null, text: 'force-expired', status: 'expired', direction: o },
  { id: 'text.exim.forced-defer', src: 'fx corpus/exim/testsuite', code: null, enhanced: null, text: 'forced to defer', direction: o },
  { id: 'text.exim.forced-defer', src: 'fx corpus/exim/testsuite', code: null, enhanced: null, text: 'first-pass only routing due to -odqs, queue_smtp_domains or control=queue', direction: o },
  // Exim before 4.9x, quoted from a public log excerpt (2012)
  { id: 'text.exim.forced-defer', src: 'quoted public Exim log', code: null, enhanced: null, text: 'domain matches queue_smtp_domains, or -odqs set', direction: o },
  { id: 'text.exim.config-error', src: 'fx corpus/exim/testsuite', code: null, enhanced: null, text: 'pipe_transport unset in userforward router', direction: o },
  { id: 'text.exim.config-error', src: 'fx corpus/exim/testsuite', code: null, enhanced: null, text: "Tainted 'TESTSUITE/test-mail/fred' (file or directory name for local_delivery transport) not permitted", direction: o },
  { id: 'text.user-unknown', src: 'fx corpus/exim/logstash', code: null, enhanced: null, text: 'No such person at this address.', direction: o },
  { id: 'text.exim.host-rejected', src: 'fx corpus/exim/testsuite', code: 451, enhanced: null, text: 'host deferred', direction: i },
  { id: 'text.exim.encryption-required', src: 'fx corpus/exim/testsuite', code: 550, enhanced: null, text: 'encryption required', direction: i },
  { id: 'text.exim.local-scan', src: 'fx corpus/exim/testsuite', code: 550, enhanced: null, text: 'rejected by local_scan(): Rejected', direction: i },
  { id: 'text.auth-failed', src: 'fx corpus/exim/crowdsec', code: 535, enhanced: null, text: 'Incorrect authentication data (set_id=info@test.com)', direction: i },
  // Providers, quoted from their public postmaster pages
  { id: 'text.gmail.no-such-user', src: 'fx corpus/postfix/gomaillex', code: 550, enhanced: '5.1.1', text: "The email account that you tried to reach does not exist. Please try 550-5.1.1 double-checking the recipient's email address for typos", direction: o },
  { id: 'text.gmail.unauthenticated', src: 'doc Google sender guidelines', code: 550, enhanced: '5.7.26', text: 'This mail has been blocked because the sender is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM.', direction: o },
  // the wording Gmail's bounces carry since 2024 ("unauthenticated" before "has been blocked")
  { id: 'text.gmail.unauthenticated', src: 'doc Google SMTP errors', code: 550, enhanced: '5.7.26', text: 'This mail is unauthenticated, which poses a security risk to the sender and Gmail users, and has been blocked. The sender must authenticate with at least one of SPF or DKIM. For this message, DKIM checks did not pass and SPF check for [example.com] did not pass with ip: [192.0.2.10].', direction: o },
  { id: 'text.gmail.unauthenticated', src: 'doc Google SMTP errors', code: 421, enhanced: '4.7.26', text: 'This mail has been rate limited because it is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM.', direction: o },
  { id: 'text.gmail.rate-limited', src: 'doc Google SMTP errors', code: 421, enhanced: '4.7.28', text: 'Gmail has detected an unusual rate of unsolicited mail originating from your IP address. To protect our users from spam, mail sent from your IP address has been temporarily rate limited.', direction: o },
  // the server that answered cannot start TLS: its own fault, whoever it is (Postfix's smtpd and postscreen reply)
  { id: 'text.tls-local-problem', src: 'doc Google SMTP errors', code: 454, enhanced: '4.7.0', text: 'TLS not available due to local problem', direction: o },
  { id: 'text.tls-local-problem', src: 'doc Postfix postscreen_starttls.c reply, seen by MailKit users after "cannot get RSA certificate"', code: 454, enhanced: '4.7.0', text: 'TLS not available due to local problem', direction: i },
  { id: 'text.gmail.starttls-pipelining', src: 'doc Google SMTP errors (as sisimai quotes them)', code: 523, enhanced: '5.7.10', text: 'SMTP protocol violation, no commands allowed to pipeline after STARTTLS. For more information, go to About SMTP error messages and review RFC 3207 specifications.', direction: o },
  { id: 'text.gmail.web-login', src: 'https://github.com/firebase/functions-samples/issues/39', code: 534, enhanced: '5.7.14', text: '<https://accounts.google.com/signin/continue?sarp=1&scc=1&plt=AKgnsbs7 UF7mumzUwFIZrMDWiiimSdrlEvZIp8kRC3QRkzqwfOM94wkvVFys_Yjllj6KGuBubi6SwF BDIHCpQgETRmmgkyJXfYN4Ne3uG3tnsVJk7oGR4Z5fvgeIkuOJOKkvRA8cLWFN67ya4r28 u-eBDds9bTTh1poYtxXWk1x80iaSn_2VlJHWJnB0Yql6r_-A2lDE8nt00lWP7eoUpkzVih x1DeI0bGyNqNHRRUuucw0k95Ph-CY> Please log in via your web browser and then try again.  Learn more at  https://support.google.com/mail/answer/78754 100sm8943270iot.39 - gsmtp', direction: o },
  { id: 'text.gmail.web-login', src: 'https://github.com/nodemailer/nodemailer/issues/653', code: 534, enhanced: '5.7.9', text: 'Please log in with your web browser and then try again...', direction: o },
  { id: 'text.gmail.low-reputation', src: 'doc Google SMTP errors', code: 550, enhanced: '5.7.1', text: 'Our system has detected that this message is likely unsolicited mail. To reduce the amount of spam sent to Gmail, this message has been blocked.', direction: o },
  // Microsoft's own page (support.microsoft.com, "Fix NDR error 550 5.7.515 in Outlook.com") gives the full error
  { id: 'text.microsoft.auth-level', src: 'doc Microsoft: Fix NDR error 550 5.7.515 in Outlook.com', code: 550, enhanced: '5.7.515', text: 'Access denied, sending domain <domain> does not meet the required authentication level.', direction: o },
  // as a mail host's documentation quotes a bounce (docs.mxroute.com, 550-5-7-515), with "doesn't"
  { id: 'text.microsoft.auth-level', src: 'doc docs.mxroute.com/docs/troubleshooting/550-5-7-515.html', code: 550, enhanced: '5.7.515', text: "Access denied, sending domain [example.com] doesn't meet the required authentication level.", direction: o },
  { id: 'text.microsoft.banned-ip', src: 'doc Microsoft NDR reference', code: 550, enhanced: '5.7.1', text: "Unfortunately, messages from [192.0.2.10] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150).", direction: o },
  { id: 'text.microsoft.banned-ip', src: 'doc Microsoft NDR reference', code: 550, enhanced: '5.7.606', text: 'Access denied, banned sending IP [192.0.2.10]. To request removal from this list please visit https://sender.office.com/', direction: o },
  { id: 'text.microsoft.send-as-denied', src: 'doc github.com/MicrosoftDocs/OfficeDocs-Support/issues/1187', code: 554, enhanced: '5.2.0', text: 'STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied; Failed to process message due to a permanent exception with message Cannot submit message.', direction: o },
  { id: 'text.microsoft.banned-range', src: 'doc Microsoft NDR reference', code: 550, enhanced: '5.7.649', text: '', direction: o },
  { id: 'text.microsoft.tenant-blocked', src: 'doc Microsoft NDR reference', code: 550, enhanced: '5.7.708', text: 'Service unavailable. Access denied, traffic not accepted from this IP.', direction: o },
  // Exchange Online refusing password login for SMTP submission (simonrob/email-oauth2-proxy#193, rpremraj/mailR#107):
  // the wrong-password advice of text.auth-failed does not apply
  { id: 'text.microsoft.basic-auth-disabled', src: 'issue github.com/simonrob/email-oauth2-proxy/issues/193', code: 535, enhanced: '5.7.139',
    text: 'Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information. [MN2PR05CA0004.namprd05.prod.outlook.com 2023-09-12T20:59:57.214Z 08DBB276B7E699C4]', direction: o },
  { id: 'text.microsoft.basic-auth-disabled', src: 'issue github.com/rpremraj/mailR/issues/107', code: 535, enhanced: '5.7.139',
    text: 'Authentication unsuccessful, basic authentication is disabled. [BM1P287CA0015.INDP287.PROD.OUTLOOK.COM]', direction: o },
  // retrying does not help, whatever the code says
  { id: 'text.yahoo.blocked', src: 'doc Yahoo help SLN3436', code: 421, enhanced: '4.7.1', text: '[TS03] All messages from 192.0.2.10 permanently deferred', direction: o },
  { id: 'text.yahoo.blocked', src: 'quoted suped.com, Yahoo TSS09', code: 553, enhanced: '5.7.2', text: '[TSS09] All messages from 192.0.2.10 will be permanently deferred; Retrying will NOT succeed. See https://postmaster.yahooinc.com/error-codes', direction: o },
  { id: 'text.amazon-ses.unverified', src: 'doc Amazon SES sandbox and verified identities', code: 554, enhanced: null, text: 'Message rejected: Email address is not verified. The following identities failed the check in region US-EAST-1: sender@example.com', direction: o },
  // Gmail's authentication rate limits: authenticate, do not slow down
  { id: 'text.gmail.unauthenticated', src: 'quoted suped.com, Gmail SPF errors', code: 421, enhanced: '4.7.27', text: 'This mail has been rate limited because SPF does not pass. Gmail requires all large senders to authenticate with SPF.', direction: o },
  // OpenDMARC's refusal (opendmarc.c) is no Gmail reply, and our own server may give it
  { id: 'text.spf-dmarc', src: 'doc OpenDMARC opendmarc.c reply', code: 550, enhanced: '5.7.1', text: 'rejected by DMARC policy for example.com', direction: i },
  // Exchange's receive connector refusing an anonymous client: a login is missing
  { id: 'text.auth-failed', src: 'doc Microsoft Exchange 530 5.7.1 NDR', code: 530, enhanced: '5.7.1', text: 'Client was not authenticated', direction: o },
  { id: 'text.yahoo.tss', src: 'doc Yahoo Sender Hub', code: 421, enhanced: '4.7.0', text: '[TSS04] Messages from 192.0.2.10 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes', direction: o },
  { id: 'text.spf-dmarc', src: 'log github.com/newkennybaik/portfolio (Naver MX)', code: 550, enhanced: '5.7.2',
    text: 'Your email has been blocked because the sender is unauthenticated. For more information, go to https://help.naver.com/alias/mail/newmail10.naver piHy3W9tQeeZMnv+-t7Azw - nsmtp', direction: o },
  { id: 'text.zoho.policy-violation', src: 'quoted github.com/sisimai/rb-sisimai lib/sisimai/rhost/zoho.rb', code: 554, enhanced: '5.7.7', text: 'Email policy violation detected', direction: o },
  { id: 'text.gmail.tls-required', src: 'quoted github.com/sisimai/rb-sisimai lib/sisimai/rhost/google.rb', code: 421, enhanced: '4.7.29',
    text: "Your email has been rate limited because this message wasn't sent over a TLS connection. Gmail requires all bulk email senders to use TLS/SSL for SMTP connections.", direction: o },
  { id: 'text.yahoo.policy', src: 'doc Yahoo Sender Hub', code: 554, enhanced: '5.7.9', text: 'Message not accepted for policy reasons.  See https://postmaster.yahooinc.com/error-codes', direction: o },
  // Stall wording in deferral details: the text alone must find the stall entry
  { id: 'stall.outbound.timeout-message-body', src: 'fx lab/postfix', code: null, enhanced: '4.4.2', text: 'conversation with 127.0.0.1[127.0.0.1] timed out while sending message body', direction: o },
  { id: 'stall.outbound.timeout-message-body', src: 'fx lab/exim', code: null, enhanced: null, text: 'Connection timed out H=127.0.0.1 [127.0.0.1]: SMTP timeout after sending data block (3275641 bytes written)', direction: o },
  { id: 'stall.outbound.timeout-end-of-data', src: 'fx lab/postfix', code: null, enhanced: '4.4.2', text: 'conversation with 127.0.0.1[127.0.0.1] timed out while sending end of data -- message may be sent more than once', direction: o },
  { id: 'stall.outbound.lost-message-body', src: 'fx lab/postfix', code: null, enhanced: '4.4.2', text: 'lost connection with 127.0.0.1[127.0.0.1] while sending message body', direction: o },
  { id: 'stall.outbound.lost-end-of-data', src: 'fx lab/postfix', code: null, enhanced: '4.4.2', text: 'lost connection with 127.0.0.1[127.0.0.1] while sending end of data -- message may be sent more than once', direction: o },
  { id: 'stall.outbound.closed-data-block', src: 'fx lab/exim', code: null, enhanced: null, text: 'Remote host closed connection in response to sending data block', direction: o },
  { id: 'stall.inbound.lost-after-data', src: 'fx lab/postfix', code: null, enhanced: null, text: 'lost connection after DATA (36673 bytes) from unknown[127.0.0.23]', direction: i },
  { id: 'stall.inbound.timeout-after-data', src: 'fx lab/exim', code: null, enhanced: null, text: 'SMTP data timeout (message abandoned) on connection from (smtp.vendor.test) [127.0.0.33] F=<j.smith@partner.test>', direction: i },
  { id: 'stall.inbound.lost-after-bdat', src: 'constructed: Postfix logs BDAT as it logs DATA', code: null, enhanced: null, text: 'lost connection after BDAT (65536 bytes) from unknown[192.0.2.7]', direction: i },
  { id: 'stall.inbound.timeout-after-bdat', src: 'constructed: Postfix logs BDAT as it logs DATA', code: null, enhanced: null, text: 'timeout after BDAT (65536 bytes) from unknown[192.0.2.7]', direction: i },
];
