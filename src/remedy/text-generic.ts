import type { Entry } from './types.js';

// Common reasons, phrased many ways by many servers. Tried after the MTA- and provider-specific texts.

export const genericTexts: Entry[] = [
  {
    id: 'text.virus', match: { text: /virus|malware|infected|EICAR|\bmalicious\b/i },
    title: 'Virus or malware found',
    meaning: 'A scanner found malware (or a test signature) in the message and refused it.',
    when: 'After DATA: Postfix body_checks or a milter, Exim malware ACL condition with ClamAV.',
    fix: 'Sender: scan the sending machine and the attachment; do not resend it. Receiving admin: if it is a false positive, update signatures or exempt the sender in the scanner.',
    refs: ['Exim malware ACL condition', 'Postfix body_checks', 'Postfix MILTER_README'],
  },
  {
    id: 'text.spf-dmarc', match: { text: /\bSPF\b|\bDMARC\b|\bDKIM\b|not authorized to send|sender policy framework/i },
    title: 'Sender authentication failed (SPF, DKIM or DMARC)',
    meaning: 'The receiver checked whether the sending server may send for the domain (SPF), whether the message is signed (DKIM), and the domain\'s DMARC policy; the check failed.',
    when: 'At MAIL or after DATA, often "SPF fail - not authorized" or a DMARC reject policy.',
    fix: 'Sender: add every server that sends for the domain to its SPF record, sign with DKIM aligned with the From domain, and check the DMARC record. Forwarded mail breaks SPF: forwarders should rewrite the sender (SRS).',
    fixInbound: 'Your server refused mail that failed SPF/DKIM/DMARC. If a legitimate forwarder is hit, allow it in the policy daemon or milter configuration.',
    refs: ['RFC 7208', 'RFC 6376', 'RFC 7489'],
  },
  {
    id: 'text.spam-content', match: { text: /spam|junk|content rejected|unsolicited|Message rejected|bulk mail|DT:SPM/i },
    title: 'Refused as spam or for its content',
    meaning: 'A content filter judged the message to be spam, or a header or body rule matched it.',
    when: 'After DATA: Postfix header_checks/body_checks, a milter such as SpamAssassin or Rspamd, Exim spam ACL condition.',
    fix: 'Sender: review the content (links, URL shorteners, attachments), authenticate the mail and check your reputation. Receiving admin: if legitimate mail is hit, lower the score weight of the rule that fired or add an allow entry.',
    refs: ['Postfix header_checks', 'Postfix body_checks', 'Exim spam ACL condition'],
  },
  {
    id: 'text.mailbox-full', match: { text: /mailbox (?:is )?full|over quota|quota exceeded|exceeded (?:the )?(?:storage|quota)|out of storage|mailbox size limit/i },
    title: 'Recipient mailbox full',
    meaning: 'The recipient has used up their storage quota.',
    when: 'At RCPT or delivery, as 452/552 with 4.2.2 or 5.2.2.',
    fix: 'The recipient must delete mail or get more space; senders can retry later or reach them another way.',
    refs: ['RFC 3463 X.2.2', 'Postfix mailbox_size_limit', 'Postfix virtual_mailbox_limit'],
  },
  {
    id: 'text.too-many-recipients', match: { text: /Too many (?:invalid )?recipients|recipient limit/i },
    title: 'Too many recipients',
    meaning: 'The server accepts only a limited number of recipients per message, or cut off a client that sent to too many unknown users.',
    when: 'At RCPT past the limit; "Too many invalid recipients" after dictionary-style attempts.',
    fix: 'Send to fewer recipients per message (MTAs split by themselves after 452). Clean invalid addresses from lists.',
    refs: ['Postfix smtpd_recipient_limit', 'Exim recipients_max'],
  },
  {
    id: 'text.user-unknown', match: { text: /(?:no such (?:user|mailbox|recipient)|user unknown|unknown user|mailbox (?:not found|unavailable|does not exist)|does not exist|recipient not found|invalid recipient|Recipient not OK|not a valid mailbox)/i },
    title: 'Recipient does not exist',
    meaning: 'The receiving server has no mailbox for this address.',
    when: 'At RCPT or in a bounce, as 550 5.1.1 or with server-specific wording.',
    fix: 'Check the address for typos; remove dead addresses from lists. If your own server refuses a real user, add the user.',
    fixInbound: 'Your server does not know this recipient. If it should exist, add the mailbox or alias; otherwise the sender has a wrong address.',
    fixOutbound: 'The remote has no such mailbox: correct the address or remove it from your lists.',
    refs: ['RFC 3463 X.1.1'],
  },
  {
    id: 'text.administrative-prohibition', match: { text: /Administrative prohibition|prohibited|not allowed|Intrusion prevention|policy reasons/i },
    title: 'Refused by local policy',
    meaning: 'The receiving server refused the message because a local policy forbids it, without saying more.',
    when: 'Exim\'s default text for a "deny" ACL verb without a message, appliances and intrusion prevention systems.',
    fix: 'Sender: contact the receiving postmaster with the exact reply and time. Receiving admin: the rejectlog or the ACL that fired at that time tells which rule it was.',
    refs: ['Exim ACL verb deny'],
  },
  {
    id: 'text.auth-failed', match: { text: /authentication (?:failed|required)|Authentication credentials invalid|SASL/i },
    title: 'Authentication failed or required',
    meaning: 'The client must log in (SMTP AUTH) and did not, or its credentials were wrong.',
    when: 'On submission ports, and as password-guessing noise from bots.',
    fix: 'Configure the client with the right user name and password over TLS. Repeated failures from unknown IPs are brute force: rate-limit or ban them.',
    refs: ['RFC 4954', 'Postfix smtpd_sasl_auth_enable'],
  },
];
