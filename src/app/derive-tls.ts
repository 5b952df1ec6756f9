import { normaliseReason } from '../parse/shape.js';
import { tlsRemedyId } from '../remedy/index.js';

// The derived columns of a TLS failure (reason, remedy_id), from what the row stores: the message
// of its line, the library's explanation when one followed (Postfix), and the direction. The
// writer fills them in for new rows and when a library line completes a stored one; rederive.ts
// fills them in again when the rules change.

/** Column order of a TLS failure row as store/encode.ts lays it out. */
export const T = { direction: 5, detail: 10, libraryError: 11, reason: 12, remedy: 13 } as const;

// The peer is named differently by every line; the group is what went wrong.
const PEER_PARTS: Array<[RegExp, string]> = [
  // Postfix smtpd: "SSL_accept error from name[ip]: why"
  [/^SSL_accept error from \S+: /, 'SSL_accept error: '],
  // Postfix smtp: "SSL_connect error to name[ip]:port: why"
  [/^(?:\S+: )?SSL_connect error to \S+: /, 'SSL_connect error: '],
  // Exim: "TLS error on connection from name (helo) [ip]:port (op): why"
  [/^(?:\S+ )?TLS error on connection (from|to) [^[]*\[[^\]]*\](?::\d+)? ?/, 'TLS error on connection $1 a peer '],
  // Postfix smtp: "certificate verification failed for name[ip]:port: why" (older: "for name: why")
  [/^(?:\S+: )?((?:server )?certificate verification failed) for [^\s:[]+(?:\[[^\]]*\](?::\d+)?)?: /, '$1: '],
  // Exim: "... delivering unencrypted to H=name [ip] (not in hosts_require_tls)"
  [/ to H=\S+ \[[^\]]*\]/, ' to a remote'],
  // Exim message ids before "TLS session:" and "[ip] SSL verify error:"
  [/^\S+-\S+-\S+ /, ''],
  [/^\[[^\]]*\] SSL verify error: /, 'SSL verify error: '],
  // the certificate's and the host's names: one group for every peer that fails the same way
  [/ cert=\S.*$/, ''],
  [/(certificate name mismatch): .*$/, '$1'],
  // an OpenSSL error quoted in the line (Exim): its words, without error number and source position
  [/\berror:[0-9A-F]{8}:[^:]*:[^:]*:([^:]+)(?::[^:\s]+:\d+:)?/g, '$1'],
];

function withoutPeer(message: string): string {
  let s = message;
  for (const [re, to] of PEER_PARTS) s = s.replace(re, to);
  return s;
}

/**
 * What the library said, without its error number and source position: OpenSSL 3 writes
 * "error:0A00010B:SSL routines::wrong version number:../ssl/record/ssl3_record.c:350:", OpenSSL 1.1
 * "error:1408F10B:SSL routines:ssl3_get_record:wrong version number", OpenSSL 1.0 the same after the
 * process id ("8556:error:14094410:SSL routines:SSL3_READ_BYTES:sslv3 alert handshake failure:s3_pkt.c:1275:").
 */
export function libraryCause(text: string): string {
  const body = text.replace(/^TLS library problem: (?:\d+:(?=error:))?/, '');
  const parts = body.split(':');
  if (parts[0] === 'error' && parts.length >= 5 && parts[4] !== '') return parts[4]!.trim();
  return body.trim();
}

/** The text the catalogue is asked: the line's message, and the library's explanation after it. */
export function tlsText(detail: string, libraryError: string | null): string {
  return libraryError === null ? detail : `${detail}; ${libraryError}`;
}

export function deriveTls(detail: string, libraryError: string | null, direction: string): { reason: string; remedy_id: string } {
  const base = normaliseReason(withoutPeer(detail));
  return {
    reason: libraryError === null ? base : `${base}; ${normaliseReason(libraryCause(libraryError))}`,
    remedy_id: tlsRemedyId(tlsText(detail, libraryError), direction === 'outbound' ? 'outbound' : 'inbound'),
  };
}

export function deriveTlsColumns(rows: unknown[][]): void {
  for (const x of rows) {
    const d = deriveTls(x[T.detail] as string, (x[T.libraryError] ?? null) as string | null, x[T.direction] as string);
    x[T.reason] = d.reason;
    x[T.remedy] = d.remedy_id;
  }
}
