import type { Entry } from './types.js';

// Public rejection texts of large providers and blocklists. The text decides, whatever the code.

export const providerTexts: Entry[] = [
  {
    // Gmail's own wordings only: "DMARC policy" alone is also OpenDMARC's refusal ("rejected by DMARC
    // policy for example.com"), and "Client was not authenticated" is Exchange's refusal to relay
    id: 'text.gmail.unauthenticated', match: { text: /sender is unauthenticated|Unauthenticated email|mail is unauthenticated|because it is unauthenticated|must authenticate with at least one of SPF or DKIM|message is not authenticated|fails to pass authentication|does not pass authentication|rate limited because (?:SPF|DKIM|DMARC)|(?:SPF|DKIM) (?:does not|did not) pass|(?:isn't|is not) aligned with either the authenticated/i, enhanced: /^[45]\.7\.(?:26|27|30|32|1)$/ },
    title: 'Gmail: message not authenticated (SPF/DKIM/DMARC)',
    meaning: 'Gmail refused the message, or is slowing down the sender, because it did not pass sender authentication: SPF (4.7.27), DKIM (4.7.30), alignment of SPF or DKIM with the From domain (4.7.32), or the From domain\'s DMARC policy.',
    when: 'Replies such as "550 5.7.26 This mail has been blocked because the sender is unauthenticated", "Unauthenticated email from example.com is not accepted due to domain\'s DMARC policy", or the temporary "421 4.7.27 This mail has been rate limited because SPF does not pass" (4.7.30 for DKIM). A rate limit of this kind goes away with authentication, not by sending more slowly.',
    fix: 'Publish SPF for every server that sends for the domain, sign with DKIM using the From domain, and publish a DMARC record; check the result with the Authentication-Results header of a test message to a Gmail account.',
    refs: ['Google: Email sender guidelines', 'RFC 7208', 'RFC 6376', 'RFC 7489'],
  },
  {
    id: 'text.gmail.rate-limited', match: { text: /(?:unusual rate|rate (?:of|limit)[^.]*(?:unsolicited|exceeded)|sending too much|too many messages)/i, enhanced: /^[45]\.7\.(?:28|0|1)$/ },
    title: 'Gmail: rate limited',
    meaning: 'Gmail is limiting mail from your IP or domain because it sees an unusual volume or too many unwanted messages.',
    when: '"421 4.7.28 ... Our system has detected an unusual rate of unsolicited mail originating from your IP address" and similar.',
    fix: 'Slow down: lower concurrency and spread bulk sends over time. Authenticate the mail (SPF, DKIM, DMARC), keep the spam complaint rate low (Postmaster Tools), and add one-click unsubscribe to bulk mail. Deferred mail retries by itself.',
    refs: ['Google: Email sender guidelines', 'Google Postmaster Tools'],
  },
  {
    // Gmail's 523 5.7.10 names TLS, but the session broke RFC 3207's rule, not a TLS requirement
    id: 'text.gmail.starttls-pipelining', match: { text: /no commands allowed to pipeline after STARTTLS/i, enhanced: /^[45]\.[57]\.\d+$/ },
    title: 'Commands pipelined after STARTTLS',
    meaning: 'The client sent further commands in the same packet as STARTTLS, before the TLS handshake; RFC 3207 forbids this, because such commands could have been injected in clear text.',
    when: 'Gmail "523 5.7.10 SMTP protocol violation, no commands allowed to pipeline after STARTTLS"; a buggy client library, or a middlebox that rewrites the SMTP dialogue.',
    fix: 'Make the client wait for the 220 answer to STARTTLS, complete the handshake and send EHLO again before anything else: update or fix the sending library, and turn off SMTP inspection on a firewall in the path.',
    refs: ['RFC 3207 §4', 'RFC 3207 §4.2', 'Google: Gmail SMTP errors and codes'],
  },
  {
    // before the TLS-required entry: the server that answered cannot do TLS itself, whoever asked
    id: 'text.tls-local-problem', match: { text: /TLS not available due to local problem/i, enhanced: /^[45]\.7\.0$/ },
    title: 'The server cannot start TLS: its own certificate or key is not usable',
    meaning: 'The client asked for STARTTLS and the server that answered could not start TLS because of a problem on its own side: usually its certificate or private key cannot be read or do not match.',
    when: 'Postfix smtpd and postscreen answer "454 4.7.0 TLS not available due to local problem" to STARTTLS when their TLS setup failed; the log of that server has a warning a few lines earlier saying which file or setting is wrong.',
    fix: 'The server that answered must mend its TLS setup. Clients with opportunistic TLS usually go on without encryption; clients that require TLS defer the mail until it is fixed.',
    fixInbound: 'Your server refused STARTTLS. Look for the TLS warning just before the reply in the log, then check smtpd_tls_cert_file and smtpd_tls_key_file (or smtpd_tls_chain_files): the files exist, are readable by Postfix, the key matches the certificate, and the chain is complete. Run "postfix reload" after the fix.',
    fixOutbound: 'The remote server cannot start TLS. With smtp_tls_security_level = may Postfix goes on in clear text; with encrypt, verify, dane or an MTA-STS policy the mail is deferred until the remote admin mends their certificate. Tell them, with the reply and the time.',
    refs: ['RFC 3207 §4', 'Postfix smtpd_tls_cert_file', 'Postfix smtpd_tls_key_file', 'Postfix smtp_tls_security_level'],
  },
  {
    // Gmail puts its bulk-sender TLS rule under 4.7.29/5.7.29, which the registry gives to ARC
    id: 'text.gmail.tls-required', match: { text: /(?:TLS|STARTTLS|encrypt)/i, enhanced: /^[45]\.7\.(?:0|3|10|29)$/ },
    title: 'TLS required or TLS negotiation failed',
    meaning: 'The receiver wanted an encrypted session and the TLS handshake failed or was not attempted.',
    when: 'Gmail "4.7.0 TLS Negotiation failed" and "4.7.29 ... this message wasn\'t sent over a TLS connection" (bulk senders); servers that require STARTTLS ("Must issue a STARTTLS command first", Microsoft 365 "5.7.3 STARTTLS is required to send mail").',
    fix: 'Enable opportunistic TLS on the sending side (Postfix smtp_tls_security_level = may) and make sure the client supports TLS 1.2 or newer with current ciphers.',
    refs: ['RFC 3207', 'Postfix smtp_tls_security_level'],
  },
  {
    // before the TLS entry would see "web browser": Google sends 5.7.14 here, whose registry meaning
    // (a trust relationship) says nothing useful to the person who must act
    id: 'text.gmail.web-login', match: { text: /Please log in (?:via|with) your web browser/i },
    title: 'Gmail refused the SMTP login: sign in through the web first',
    meaning: 'Google refused our SMTP AUTH because it does not trust this sign-in: the account must be used through the web, or it needs an app password or OAuth instead of its plain password.',
    when: 'When a program or relay logs in to smtp.gmail.com with a Google account\'s password ("534-5.7.14 <https://accounts.google.com/signin/continue?...> Please log in via your web browser and then try again", "534-5.7.9 Please log in with your web browser"): a new place of login, a blocked "less secure app", or two-step verification turned on.',
    fix: 'Sign in to the account in a browser and confirm the blocked sign-in. Then give the relay an app password (with two-step verification on) or set it up for OAuth 2.0; Google no longer accepts an account\'s plain password from most programs. On Postfix, put the app password in smtp_sasl_password_maps and run postmap.',
    refs: ['RFC 4954', 'Postfix smtp_sasl_password_maps', 'Google: Sign in with app passwords'],
  },
  {
    // "blocked because the sender is unauthenticated" (Naver's 5.7.2) is an authentication refusal, not reputation
    id: 'text.gmail.low-reputation', match: { text: /(?:likely unsolicited mail|low reputation|poor reputation|suspicious due to the very low reputation|(?:from your IP address|this message) has been (?:temporarily )?blocked)/i },
    title: 'Refused for reputation or as likely spam',
    meaning: 'The receiver judged the mail as unsolicited, usually because the sending IP or domain has a poor reputation.',
    when: 'Gmail "550 5.7.1 Our system has detected that this message is likely unsolicited mail", "421 4.7.0 ... very low reputation of the sending IP/domain".',
    fix: 'Check your IP and domain reputation (Gmail Postmaster Tools, blocklists), authenticate the mail, send only to people who asked for it, and look for a compromised account sending spam.',
    refs: ['Google: Email sender guidelines'],
  },
  {
    id: 'text.gmail.content-blocked', match: { text: /content presents a potential security issue/i },
    title: 'Message content blocked as a security risk',
    meaning: 'The receiver judged something in the message dangerous: usually an attachment type it does not take (programs, scripts, archives holding them, documents with macros) or links it distrusts.',
    when: 'Gmail after the message was sent: "552 5.7.0 This message was blocked because its content presents a potential security issue".',
    fix: 'Send the file another way (a link to shared storage) or in a type the receiver accepts. If no one meant to send such content, check the sending machine or account for malware.',
    refs: ['Google: Email sender guidelines'],
  },
  {
    id: 'text.gmail.direct-send', match: { text: /not authorized to send email directly to our servers|use the SMTP relay at your service provider/i },
    title: 'Gmail takes no mail straight from this IP address',
    meaning: 'Google refuses mail sent directly from the sending IP address: it belongs to a range meant for end users (dynamic or residential addresses), not for mail servers.',
    when: '"550 5.7.1 The IP you\'re using to send mail is not authorized to send email directly to our servers. Please use the SMTP relay at your service provider instead."',
    fix: 'Send through your provider\'s relay or a mail service (Postfix relayhost, Exim a manualroute router to the smarthost), or from a server on a static address whose reverse DNS names it.',
    refs: ['Postfix relayhost', 'Exim manualroute router', 'Google: Email sender guidelines'],
  },
  {
    id: 'text.sending-quota', match: { text: /sending (?:quota|limit) exceeded|exceeded (?:the |your )?(?:daily |hourly )?sending (?:quota|limit)/i },
    title: 'Your account\'s sending limit is used up',
    meaning: 'The account or relay you send through limits how much mail it takes in a period, and that limit is reached: the refusal is about your sending, not about the recipient.',
    when: 'Google accounts and Workspace: "550 5.4.5 Daily user sending limit exceeded" (or "quota"); other providers and relays with hourly or daily caps.',
    fix: 'Wait until the limit resets (Google: a rolling 24 hours) and find what sent so much: a compromised account, a mail loop, or a bulk mailing that belongs on a service made for it. For regular large volumes use a relay with a limit that fits.',
    refs: ['Google Workspace: Gmail sending limits'],
  },
  {
    id: 'text.gmail.no-such-user', match: { text: /email account that you tried to reach (?:does not exist|is disabled)/i },
    title: 'Gmail: account does not exist or is disabled',
    meaning: 'Google says there is no such Gmail or Workspace account, or that it is disabled.',
    when: '"550 5.1.1 The email account that you tried to reach does not exist" or "550 5.2.1 ... is disabled".',
    fix: 'Check the spelling of the address with the recipient and remove dead addresses from your lists; repeated sends to unknown users hurt your reputation.',
    refs: ['Google Workspace: SMTP error reference'],
  },
  {
    id: 'text.microsoft.banned-ip', match: { text: /banned sending IP|S3150|S3140|part of their network is on our block list|block list \(S\d+\)/i },
    title: 'Microsoft: sending IP blocked',
    meaning: 'Outlook.com / Microsoft 365 blocks the IP address you send from.',
    when: '"550 5.7.606-649 Access denied, banned sending IP [x]" or "550 5.7.1 Unfortunately, messages from [x] weren\'t sent ... on our block list (S3150)".',
    fix: 'Request delisting through the Microsoft sender support / delist portal, check the IP on public blocklists, and fix the cause (compromised account, open relay, shared cloud IP) before asking.',
    refs: ['Microsoft: Use the delist portal to remove yourself from the blocked senders list', 'Microsoft: Email non-delivery reports in Exchange Online'],
  },
  {
    // Outlook.com's enforcement (May 2025) for domains sending high volumes to its consumer mailboxes;
    // blogs often misquote it as 5.7.15 (an MT-PRIORITY code): the text decides either way
    id: 'text.microsoft.auth-level', match: { text: /sending domain .{0,300}?does(?: not|n't) meet the required authentication level/i },
    title: 'Outlook.com: sending domain not authenticated enough (5.7.515)',
    meaning: 'Outlook.com, Hotmail, Live and MSN refused the message because the domain in its From header did not pass the SPF, DKIM and DMARC checks Microsoft requires of domains that send it large volumes.',
    when: '"550 5.7.515 Access denied, sending domain [domain] does not meet the required authentication level", since Microsoft began enforcing its rules for senders of 5,000 or more messages a day to its consumer domains.',
    fix: 'Publish SPF and DKIM for the From domain so both pass, publish a DMARC record (p=none is enough to start), and make at least one of SPF or DKIM align with the From domain: sign with d=your domain, and send through hosts your SPF lists, including newsletter, CRM and shop services that send as your domain. The bounce usually names which check failed. Resend once the checks pass.',
    refs: ['Microsoft: Fix NDR error 550 5.7.515 in Outlook.com', 'RFC 7489 (DMARC)'],
  },
  {
    // Exchange Online answers an unknown recipient with 5.4.1 "Recipient address rejected: Access denied"
    // (directory-based edge blocking), not with 5.1.1
    id: 'text.microsoft.recipient-unknown', match: { enhanced: '5.4.1', text: /Recipient address rejected: Access denied/i },
    title: 'Microsoft 365: recipient not found (5.4.1 Access denied)',
    meaning: 'Exchange Online checked the recipient against the organisation\'s directory before accepting the message and did not find it.',
    when: '"550 5.4.1 Recipient address rejected: Access denied" from an Outlook.com or Microsoft 365 server, often with an AS(201806281) tag.',
    fix: 'Treat it as an unknown user: check the address with the recipient and remove it from your lists. If the address is right, the recipient\'s admin must add it (or the domain\'s accepted-domain setting) in Microsoft 365.',
    refs: ['Microsoft: Email non-delivery reports in Exchange Online (5.4.1)'],
  },
  {
    // 5.2.0 is a mailbox-status code, but here the mailbox is the sender's own: the fix is a permission, not the recipient
    id: 'text.microsoft.send-as-denied', match: { text: /SendAsDenied/i },
    title: 'Microsoft 365: not allowed to send as this address',
    meaning: 'The account that logged in to Exchange Online or Microsoft 365 may not send with the From address the message carries.',
    when: 'SMTP AUTH submission ("554 5.2.0 STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied") when an application or device logs in as one mailbox and writes another address in From.',
    fix: 'Send with the From address of the account that logs in, or have the Microsoft 365 admin grant that account Send As permission on the other mailbox (or shared mailbox).',
    refs: ['Microsoft: Exchange Online SMTP AUTH client submission'],
  },
  {
    // Microsoft's retirement of password login for SMTP submission: 550 5.7.30 (a REQUIRETLS code elsewhere) and
    // 535 5.7.139; neither the REQUIRETLS nor the wrong-password advice applies
    id: 'text.microsoft.basic-auth-disabled', match: { text: /basic authentication is (?:not supported|disabled)|SmtpClientAuthentication is disabled/i },
    title: 'Microsoft 365: password (Basic) login for SMTP refused',
    meaning: 'Exchange Online no longer accepts a user name and password for SMTP submission from this tenant or mailbox; the credentials may well be right.',
    when: '"550 5.7.30 Basic authentication is not supported for Client Submission" or "535 5.7.139 Authentication unsuccessful, basic authentication is disabled" when a device, script or relay logs in to smtp.office365.com with a password.',
    fix: 'Switch the client to OAuth 2.0 (SASL XOAUTH2), or send through a Microsoft 365 connector / SMTP relay that authorises your IP or certificate; a Postfix relayhost needs an OAuth-capable SASL plugin or a local relay in front. Changing the password does not help.',
    refs: ['Microsoft: Exchange Online SMTP AUTH client submission', 'Microsoft: Authenticate an IMAP, POP or SMTP connection using OAuth'],
  },
  {
    id: 'text.microsoft.banned-range', match: { enhanced: /^5\.7\.6(?:0[6-9]|[1-4]\d)$/ },
    title: 'Microsoft: access denied, banned sending IP (5.7.606-5.7.649)',
    meaning: 'Microsoft 365 / Outlook.com refuses the sending IP; the code range 5.7.606 to 5.7.649 is used for banned IP addresses.',
    when: 'When sending to Outlook.com, Hotmail or Microsoft 365 from a blocked IP.',
    fix: 'Use the Microsoft delist portal for the IP and fix whatever made it send bad mail first.',
    refs: ['Microsoft: Email non-delivery reports in Exchange Online'],
  },
  {
    id: 'text.microsoft.tenant-blocked', match: { enhanced: /^5\.7\.70[0-9]$/ },
    title: 'Microsoft: tenant or domain blocked (5.7.7xx)',
    meaning: 'Microsoft blocked mail from the sending tenant or its IP: 5.7.705 ("tenant has exceeded threshold") when a Microsoft 365 organisation sent too much spam or bulk mail, often through a compromised account or connector; 5.7.708 ("traffic not accepted from this IP") when the sending IP has a poor or no reputation, common for new or trial tenants. 5.7.703 is different: your own organisation\'s Tenant Allow/Block List blocks the recipient.',
    when: 'From Microsoft 365 when a tenant or IP has a bad sending history.',
    fix: 'Sender: find and clean up compromised accounts, on-premises servers or connectors that sent the mail, then ask Microsoft support to lift the tenant block (5.7.705) or the IP block (5.7.708). For 5.7.703, the tenant\'s admin changes the Tenant Allow/Block List entry.',
    refs: ['Microsoft: Email non-delivery reports in Exchange Online'],
  },
  {
    // before the deferral entry: TSS09 (and the older TS03) says retrying will not help, whatever the code
    id: 'text.yahoo.blocked', match: { text: /\[TSS?0(?:9|3)\]|All messages from .{1,100}? (?:will be )?permanently deferred|Retrying will NOT succeed/i },
    title: 'Yahoo/AOL: all mail from the sending IP refused (TSS09)',
    meaning: 'Yahoo or AOL refuses all mail from your sending IP for now, for its reputation, complaints or authentication results. Even when the code is a 4xx, the reply says that retrying will not succeed.',
    when: '"553 5.7.2 [TSS09] All messages from 192.0.2.1 will be permanently deferred; Retrying will NOT succeed", also as 421; older servers wrote "421 4.7.1 [TS03] All messages from x permanently deferred".',
    fix: 'Stop sending to Yahoo and AOL from this IP rather than retrying: hold or remove the queued mail for their domains. Look for the cause (a compromised account, a bought or stale list, missing SPF, DKIM or DMARC, a listing on a public blocklist), fix it, then ask Yahoo\'s Sender Hub to review the IP.',
    refs: ['Yahoo Sender Hub: SMTP error codes'],
  },
  {
    id: 'text.yahoo.tss', match: { text: /\bTS[SD]0\d|temporarily deferred due to unexpected volume or user complaints|Messages from .* temporarily deferred/i },
    title: 'Yahoo/AOL: deferred for volume or complaints (TSS04)',
    meaning: 'Yahoo or AOL is temporarily deferring your mail because of volume or user complaints.',
    when: '"421 4.7.0 [TSS04] Messages from x temporarily deferred due to unexpected volume or user complaints".',
    fix: 'Reduce the sending rate, stop mailing people who complain or never engage, authenticate the mail, and register for Yahoo\'s complaint feedback loop. Retries usually succeed later.',
    refs: ['Yahoo Sender Hub: SMTP error codes'],
  },
  {
    // "Message rejected" alone would read as a content refusal
    id: 'text.amazon-ses.unverified', match: { text: /Email address is not verified|identities failed the check in region/i },
    title: 'Amazon SES: sender (or, in the sandbox, recipient) not verified',
    meaning: 'Amazon SES sends only from addresses and domains verified in the region used. In the SES sandbox the recipients must be verified too.',
    when: 'When SES is the relay host: "554 Message rejected: Email address is not verified. The following identities failed the check in region US-EAST-1: ...". The reply names the identities that failed.',
    fix: 'Verify the domain (or the address) named in the reply in the SES console of that region, or have Postfix rewrite the envelope sender to a verified identity (smtp_generic_maps, sender_canonical_maps). If the recipient failed, the account is still in the sandbox: request production access.',
    refs: ['Amazon SES: verified identities', 'Postfix smtp_generic_maps', 'Postfix sender_canonical_maps'],
  },
  {
    // Zoho answers its policy refusals with 5.7.7, whose registry meaning (message integrity) misleads
    id: 'text.zoho.policy-violation', match: { text: /Email policy violation detected/i, enhanced: /^5\.7\.7$/ },
    title: 'Zoho Mail: refused as a policy violation',
    meaning: 'The receiving Zoho Mail server refused the message under its own mail policy. Despite the 5.7.7 code, nothing says the message was altered in transit; the reply does not name the rule.',
    when: '"554 5.7.7 Email policy violation detected" after the end of DATA, from Zoho-hosted recipients.',
    fix: 'Check that the message passes SPF and DKIM for its From domain, above all mail that claims a domain hosted at Zoho but leaves through another service (a web form, a newsletter tool): add that service to the SPF record and sign with DKIM, or send through the domain\'s own Zoho SMTP. If the mail is authenticated, ask the recipient\'s administrator why Zoho refused it.',
    refs: ['RFC 7208 (SPF)', 'RFC 6376 (DKIM)', 'RFC 3463 §3.8'],
  },
  {
    id: 'text.yahoo.policy', match: { text: /Yahoo|AOL|^Message not accepted for policy reasons/i, enhanced: /^5\.7\.9$/ },
    title: 'Yahoo/AOL: permanently refused by policy (5.7.9)',
    meaning: 'Yahoo or AOL refused the message for policy reasons, often failed authentication or DMARC.',
    when: '"554 5.7.9 Message not accepted for policy reasons".',
    fix: 'Authenticate the mail (SPF, DKIM aligned with From, DMARC) and review content and list hygiene, then contact Yahoo through its sender hub.',
    refs: ['Yahoo Sender Hub: SMTP error codes'],
  },
  {
    id: 'text.blocklist.spamhaus', match: { text: /spamhaus/i },
    title: 'Listed on a Spamhaus blocklist',
    meaning: 'The client IP (or a domain in the message) is listed on a Spamhaus list (ZEN, SBL, XBL, PBL, DBL).',
    when: 'Postfix reject_rbl_client or postscreen with zen.spamhaus.org: "Client host [x] blocked using zen.spamhaus.org".',
    fix: 'Look up the IP on the Spamhaus site; it tells which list and why. A PBL listing accuses nobody: the owner of the range (or Spamhaus for it) says its addresses, dynamic or static, should not send straight to other mail servers. Send through your provider\'s relay or an authenticated smarthost; a real mail server on a static IP with proper reverse DNS can take its own address off the PBL.',
    fixInbound: 'Your server refused a client listed by Spamhaus. That is usually right; if a legitimate sender is hit, allow it with check_client_access before reject_rbl_client and after reject_unauth_destination, so that its OK does not also permit relaying (or with postscreen_access_list) in Postfix, or with an accept statement (or a hosts = exclusion) before the dnslists = condition in Exim. Note that Spamhaus refuses queries from public resolvers: use a local resolver or a DQS key.',
    fixOutbound: 'Your IP is listed by Spamhaus. Look it up on the Spamhaus site: for SBL, XBL or CSS, fix the cause (infected host, open relay, compromised account) and request removal; for PBL, send through a relay, or remove the address if it is a real mail server with a static IP and proper reverse DNS.',
    refs: ['Postfix reject_rbl_client', 'Postfix postscreen_dnsbl_sites', 'Spamhaus lookup'],
  },
  {
    id: 'text.blocklist.barracuda', match: { text: /barracuda/i },
    title: 'Listed on the Barracuda reputation list',
    meaning: 'The client IP is listed on Barracuda Central\'s reputation blocklist (BRBL).',
    when: '"blocked using b.barracudacentral.org" or a Barracuda appliance refusing the IP.',
    fix: 'Check and request removal at Barracuda Central after fixing the cause.',
    fixInbound: 'Your server refused a client listed by Barracuda. If it is legitimate, allow it before the DNSBL check.',
    fixOutbound: 'Your IP is listed by Barracuda: fix the cause and request removal at Barracuda Central.',
    refs: ['Barracuda Central lookup', 'Postfix reject_rbl_client'],
  },
  {
    id: 'text.blocklist.spamcop', match: { text: /spamcop/i },
    title: 'Listed on the SpamCop blocklist',
    meaning: 'The client IP is on the SpamCop blocking list, fed by spam reports.',
    when: '"blocked using bl.spamcop.net".',
    fix: 'SpamCop listings expire on their own about a day after the reports stop; find and stop the spam source.',
    fixInbound: 'Your server refused a client listed by SpamCop. If it is legitimate, allow it before the DNSBL check.',
    fixOutbound: 'Your IP is on SpamCop: stop the spam source; the listing expires by itself once reports stop.',
    refs: ['SpamCop blocking list', 'Postfix reject_rbl_client'],
  },
  {
    id: 'text.blocklist.generic', match: { text: /blocked using |(?<!not )listed (?:at|on|in) |\bRBL\b|DNSBL|ipcheck\.proofpoint\.com/i },
    title: 'Client on a DNS blocklist',
    meaning: 'The client IP is listed on a DNS blocklist the receiving server consults.',
    when: 'Postfix "Client host [x] blocked using <list>", postscreen DNSBL rank, Exim dnslists ACLs; Proofpoint\'s "Blocked - see https://ipcheck.proofpoint.com/?ip=…", its own reputation list.',
    fix: 'Look the IP up on the named list; fix the cause and request removal.',
    fixInbound: 'Your server refused a client on a DNSBL. If it is legitimate, allow it before the DNSBL check (Postfix check_client_access, after reject_unauth_destination so that its OK does not also permit relaying, or postscreen_access_list; an Exim hostlist).',
    fixOutbound: 'Your IP is on a blocklist the remote uses: look it up, fix the cause, request removal.',
    refs: ['Postfix reject_rbl_client', 'Postfix postscreen_dnsbl_sites', 'Exim dnslists'],
  },
];
