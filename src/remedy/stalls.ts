import type { Entry } from './types.js';
import type { StallKind } from '../model/types.js';

// Sessions that got 354 and never reached the end of the message. Each entry also carries the
// log wording, so a deferral group with the same text lands here too. Exim's "SMTP timeout after DATA" and
// "closed connection in response to DATA" are the answer to the DATA command itself, before any 354.

function stall(kind: StallKind, text: RegExp, title: string, meaning: string, when: string, fix: string, refs: string[]): Entry {
  return { id: `stall.${kind}`, match: { stallKind: kind, text }, title, meaning, when, fix, refs };
}

const INBOUND_WHEN = 'A client that drops off the network mid-message (laptops, mobile links), a path MTU or MSS black hole that stops large packets, a firewall "SMTP fixup" or inspection module that holds the data, a spam bot that gives up, or a server timeout shorter than a slow upload needs.';

export const stalls: Entry[] = [
  stall('inbound.lost-after-data', /lost connection after DATA|lost while reading message data|connection lost while reading message data/i,
    'Client vanished during the message body (after 354)',
    'Your server answered 354 to DATA, then the client disconnected before sending the final dot. Nothing was accepted; a real MTA will retry the whole message.',
    INBOUND_WHEN,
    'If it is one client, look at its side (network, firewall, antivirus proxy). If it hits many clients with large messages, suspect MTU: check for ICMP "fragmentation needed" being blocked and clamp the TCP MSS on the router; disable SMTP inspection/fixup on Cisco-style firewalls. Where the log line gives the bytes received ("(N bytes)"), they tell how far the message got.',
    ['Postfix smtpd_timeout', 'Exim smtp_receive_timeout', 'RFC 5321 §4.5.3.2']),
  stall('inbound.timeout-after-data', /(?<!SMTP )timeout after DATA|SMTP data timeout \(message abandoned\)|data timeout/i,
    'Client went silent during the message body (after 354)',
    'Your server answered 354, then waited for more data until its timeout expired and gave up. The message was not accepted.',
    `${INBOUND_WHEN} Tarpitting proxies and bots that stop on purpose also look like this.`,
    'For legitimate senders of large messages on slow links, raise the server timeout (Postfix smtpd_timeout, default 300s; Exim smtp_receive_timeout). Look for MTU/MSS black holes and firewall SMTP inspection when only big messages stall.',
    ['Postfix smtpd_timeout', 'Exim smtp_receive_timeout', 'RFC 5321 §4.5.3.2']),
  stall('inbound.lost-after-bdat', /lost connection after BDAT/i,
    'Client vanished during a BDAT chunk',
    'The client was sending the message in BDAT chunks (CHUNKING) and disconnected before the last chunk.',
    INBOUND_WHEN,
    'Same causes as a drop after DATA: check the client\'s network, MTU/MSS and firewalls. As a workaround, a receiving admin can stop advertising CHUNKING (Postfix smtpd_discard_ehlo_keywords = chunking).',
    ['RFC 3030', 'Postfix smtpd_discard_ehlo_keywords']),
  stall('inbound.timeout-after-bdat', /timeout after BDAT/i,
    'Client went silent during a BDAT chunk',
    'The client stopped sending in the middle of a BDAT chunk until your server timed out.',
    INBOUND_WHEN,
    'Raise smtpd_timeout for slow legitimate senders; check for MTU/MSS black holes; disable CHUNKING for the client if it is buggy.',
    ['RFC 3030', 'Postfix smtpd_timeout']),
  stall('outbound.timeout-message-body', /timed out while sending message body|SMTP timeout after sending data block/i,
    'Remote stopped reading our message body',
    'The remote answered 354, then stopped reading while your server was still sending the body, until your timeout expired. The message stays queued and is retried.',
    'A path MTU black hole (small packets pass, full-size ones vanish, so large bodies hang), a firewall "SMTP fixup" or inspection module between you and the remote, a remote that tarpits, or a timeout too short for a slow link.',
    'Test with a large message by hand. Lower the MTU or clamp TCP MSS on your side if large packets vanish; ask the remote about SMTP inspection. For slow but working links, raise smtp_data_xfer_timeout (Postfix, default 180s) or the Exim transport data_timeout.',
    ['Postfix smtp_data_xfer_timeout', 'Exim smtp transport data_timeout', 'RFC 5321 §4.5.3.2']),
  stall('outbound.lost-message-body', /lost connection with .* while sending message body|connection (?:reset|closed) .*(?:while|after) sending (?:message body|data)/i,
    'Remote dropped the connection during our message body',
    'The remote answered 354, then closed or reset the connection while the body was being sent. The message stays queued.',
    'The remote refused the content mid-stream (size or filtering without a reply), a firewall reset the stream, or the remote crashed.',
    'Retry is automatic. If it repeats for one destination, test a large message by hand and check for firewalls resetting long transfers or MTU problems; contact the remote postmaster with the time and queue id.',
    ['Postfix smtp_data_xfer_timeout', 'RFC 5321 §4.5.3.2']),
  stall('outbound.timeout-end-of-data', /timed out while sending end of data|SMTP timeout after end of data|timeout after end of data/i,
    'No answer to the final dot (message may be sent more than once)',
    'The whole message was sent, then the remote never answered the final dot. The remote may have accepted it anyway, so your retry can deliver a duplicate: Postfix says "message may be sent more than once".',
    'The remote runs slow content filters (antivirus, spam scoring) after the dot, or it is overloaded; a firewall may also swallow the reply.',
    'Raise smtp_data_done_timeout (Postfix, default 600s) or the Exim transport final_timeout if the remote is just slow. Warn users about possible duplicates, and report slow post-DATA filtering to the remote.',
    ['Postfix smtp_data_done_timeout', 'Exim smtp transport final_timeout', 'RFC 5321 §4.5.3.2', 'RFC 1047']),
  stall('outbound.lost-end-of-data', /lost connection with .* while sending end of data|closed connection (?:in response to|after) end of data/i,
    'Connection lost after the final dot (message may be sent more than once)',
    'The remote dropped the connection after receiving the complete message and before answering. It may have queued the message, so the retry can produce a duplicate.',
    'A remote filter or server process crashed after the dot, or a firewall cut the idle connection while the remote was scanning.',
    'Retry is automatic; tell users a duplicate is possible. If it repeats, report it to the remote postmaster with the time and queue id.',
    ['Postfix smtp_data_done_timeout', 'RFC 1047']),
  stall('outbound.closed-data-block', /closed connection in response to sending data/i,
    'Remote closed the connection while we sent a data block',
    'Exim was sending the body (or a BDAT block) and the remote closed the connection in response.',
    'The remote enforces a size or content limit without a proper reply, a firewall resets the transfer, or the remote crashed.',
    'The message is retried. Test a large message by hand; check size limits and firewalls on the path; contact the remote postmaster if it persists.',
    ['Exim smtp transport', 'RFC 3030']),
];
