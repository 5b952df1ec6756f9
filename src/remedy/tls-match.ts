import type { Entry } from './types.js';
import { tlsEntries } from './tls.js';

export type TlsDirection = 'inbound' | 'outbound';

const FALLBACK_ID = 'tls.handshake';
const fallback = tlsEntries.find((e) => e.id === FALLBACK_ID)!;
// the fallback matches any text, so it is kept out of the loop and answers when nothing else does
const specific = tlsEntries.filter((e) => e !== fallback);

/**
 * The first TLS entry whose pattern matches the message and whose direction, if it names one, is
 * the given one; tls.handshake when none does. Without a direction (explain, where nobody says which
 * side failed) entries of either direction count. A dozen unanchored tests at most, once per failure.
 */
export function tlsEntry(text: string, direction?: TlsDirection): Entry {
  for (const e of specific) {
    const d = e.match.direction;
    if (d !== undefined && direction !== undefined && d !== direction) continue;
    if (e.match.text!.test(text)) return e;
  }
  return fallback;
}

/** Whether an entry is the catch-all that says only "TLS handshake failed". */
export const isTlsFallback = (e: Entry): boolean => e === fallback;
