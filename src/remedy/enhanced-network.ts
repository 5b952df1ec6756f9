import { enh } from './enhanced-helper.js';
import type { Entry } from './types.js';

// RFC 3463 subjects 4-6 (network and routing, protocol, content) and their later additions.

const R = 'RFC 3463';

export const enhancedNetwork: Entry[] = [
  enh('X.4.0', 'Other or undefined network or routing status', 'Delivery failed for a network or routing reason not covered elsewhere.', 'In deferrals and bounces about routes and connections.', 'Read the text for the host and the error; check DNS and connectivity to the destination.', [`${R} §3.5`]),
  enh('X.4.1', 'No answer from host', 'The destination host did not answer: connection refused or timed out.', 'When no MX host accepts a TCP connection on port 25.', 'Sending side: check that outbound port 25 is open (many clouds and ISPs block it) and that the MX hosts are up. The queue keeps retrying.', [`${R} §3.5`]),
  enh('X.4.2', 'Bad connection', 'A connection was made but broke or timed out during the dialogue.', 'Timeouts and lost connections during the greeting, the commands or the body.', 'Look at which stage broke: greeting problems point at the remote; body problems at MTU, firewalls or timeouts (see the stall entries).', [`${R} §3.5`]),
  enh('X.4.3', 'Directory server failure', 'A lookup the delivery depends on (DNS, LDAP, a table) failed.', 'Temporary DNS failures, unreachable LDAP or SQL maps.', 'Check the resolver and the lookup tables on the side that logged it.', [`${R} §3.5`]),
  enh('X.4.4', 'Unable to route', 'No route to the destination could be found: no MX or A record, or no transport.', 'Domain does not exist, DNS errors, Exim "Unrouteable address".', 'Check the domain spelling and its DNS. If the domain is yours, check MX records and the routing configuration.', [`${R} §3.5`]),
  enh('X.4.5', 'Mail system congestion', 'The destination or a relay is congested.', 'Under load, with rate limits.', 'Retry later; lower concurrency to that destination if it repeats.', [`${R} §3.5`]),
  enh('X.4.6', 'Routing loop detected', 'The message went around in a loop.', 'When an MX points back at the sending host, or forwarding rules send mail back and forth.', 'Fix the MX or the forwarding: Postfix logs "mail for X loops back to myself" when a domain is routed to itself but not listed in mydestination or relay_domains.', [`${R} §3.5`, 'Postfix mydestination']),
  enh('X.4.7', 'Delivery time expired', 'The message stayed in the queue longer than allowed and was returned.', 'After repeated deferrals (Postfix maximal_queue_lifetime, Exim retry timeout exceeded).', 'Fix the underlying deferral (read earlier attempts for the same message); the timeout is only the end of the story.', [`${R} §3.5`, 'Postfix maximal_queue_lifetime', 'Exim retry rules']),
  enh('X.5.0', 'Other or undefined protocol status', 'An SMTP protocol problem not covered elsewhere.', 'With odd client or server behaviour.', 'Check both ends for protocol errors; a transcript (swaks, tcpdump) helps.', [`${R} §3.6`]),
  enh('X.5.1', 'Invalid command', 'The command is not valid in this state or not known.', 'Pipelining without permission, pre-greeting talk (postscreen), unknown commands.', 'Clients must wait for the greeting and follow the protocol; bots usually cause it.', [`${R} §3.6`]),
  enh('X.5.2', 'Syntax error', 'A command was syntactically wrong.', 'Bad HELO names, addresses that are not fully qualified.', 'Fix the client configuration: a valid hostname and fully-qualified addresses.', [`${R} §3.6`]),
  enh('X.5.3', 'Too many recipients', 'The transaction has more recipients than the server takes.', 'At RCPT past the limit (Postfix smtpd_recipient_limit).', 'Split the recipients over several transactions; MTAs do this by themselves after a 452.', [`${R} §3.6`, 'Postfix smtpd_recipient_limit']),
  enh('X.5.4', 'Invalid command arguments', 'A command argument was valid syntax but not acceptable.', 'Bad parameters on MAIL or RCPT.', 'Fix the client parameters.', [`${R} §3.6`]),
  enh('X.5.5', 'Wrong protocol version', 'The protocol version is not supported.', 'Rare.', 'Use a standard SMTP client.', [`${R} §3.6`]),
  enh('X.5.6', 'Authentication exchange line too long', 'An AUTH line exceeded the allowed length.', 'During SMTP AUTH with large tokens.', 'Use a mechanism with shorter exchanges or update the client.', ['RFC 4954 §6']),
  enh('X.6.0', 'Other or undefined media error', 'Something about the message content was unacceptable.', 'After DATA, often for content or attachments.', 'Read the text; change the content or format.', [`${R} §3.7`]),
  enh('X.6.1', 'Media not supported', 'The content type is not supported by the destination.', 'For unsupported MIME types.', 'Send in a supported format.', [`${R} §3.7`]),
  enh('X.6.2', 'Conversion required and prohibited', 'The content must be converted but the sender forbade it.', 'With 8-bit content to 7-bit-only hosts and conversion disabled.', 'Allow conversion or encode the message (quoted-printable, base64).', [`${R} §3.7`]),
  enh('X.6.3', 'Conversion required but not supported', 'The content needs a conversion no host can do.', 'Rare.', 'Encode the message in a widely supported form.', [`${R} §3.7`]),
  enh('X.6.4', 'Conversion with loss performed', 'The message was converted and some content lost.', 'A warning in delivery reports.', 'Check the delivered message; send in a simpler format.', [`${R} §3.7`]),
  enh('X.6.5', 'Conversion failed', 'A required conversion failed.', 'Rare.', 'Send the content in another encoding.', [`${R} §3.7`]),
  enh('X.6.6', 'Message content not available', 'A referenced message (BURL) could not be fetched.', 'With BURL submission.', 'Check the IMAP URL and its authorisation.', ['RFC 4468']),
  enh('X.6.7', 'Non-ASCII addresses not permitted', 'An internationalised address was used where it is not allowed.', 'SMTPUTF8 addresses sent to servers without SMTPUTF8.', 'Use an ASCII address or a server that supports SMTPUTF8.', ['RFC 6531']),
  enh('X.6.8', 'UTF-8 reply required but not permitted', 'The server needs to answer in UTF-8 but the client did not ask for SMTPUTF8.', 'With internationalised mail.', 'Enable SMTPUTF8 in the client.', ['RFC 6531']),
  enh('X.6.9', 'UTF-8 message cannot be transferred', 'A UTF-8 header message cannot be passed on to a recipient that lacks SMTPUTF8.', 'With internationalised mail relayed to older servers.', 'Send to an SMTPUTF8-capable route or downgrade the message before sending.', ['RFC 6531']),
  enh('X.6.10', 'UTF-8 reply required (duplicate)', 'Registered with the same meaning as X.6.8.', 'With internationalised mail.', 'Enable SMTPUTF8 in the client.', ['RFC 6531']),
];
