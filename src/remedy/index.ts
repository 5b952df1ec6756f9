import type { Direction, Remedy } from '../model/types.js';
import type { RemedyQuery } from '../model/remedy-query.js';
import type { Entry } from './types.js';
import { matchAll, matchFirst } from './matcher.js';
import { translation } from './i18n/index.js';
import { isTlsFallback, tlsEntry } from './tls-match.js';

export type { Entry } from './types.js';
export { catalogue, byId } from './catalogue.js';
export type { RemedyQuery };

export type Lang = 'en' | 'vi';

/** An entry's text as reports show it; the same shape as the report's RemedyView (kept here so remedy/ depends on model/ only). */
export type RemedyView = Remedy & {
  /** language of the text; 'en' when a translation was missing */
  lang?: string;
  /** true when the text fell back to English */
  fallback?: boolean;
};

/** --lang, else LC_ALL, else LANG (vi_VN.UTF-8 -> vi), else en. */
export function resolveLang(flag: string | undefined, env: Record<string, string | undefined>): Lang {
  for (const v of [flag, env.LC_ALL, env.LANG]) {
    if (v === undefined || v === '') continue;
    return /^vi(?:[_.@-]|$)/i.test(v) ? 'vi' : 'en';
  }
  return 'en';
}

/** An entry's text in a language, with the fix chosen for the direction (both sides when none). */
export function viewOf(entry: Entry, lang: Lang = 'en', direction?: Direction): RemedyView {
  const t = lang === 'en' ? undefined : translation(lang, entry.id);
  const src = t ?? entry;
  const fix =
    direction === 'inbound' || direction === 'local' ? (src.fixInbound ?? src.fix) : direction === 'outbound' ? (src.fixOutbound ?? src.fix) : src.fix;
  const view: RemedyView = { id: entry.id, title: src.title, meaning: src.meaning, when: src.when, fix, lang: t ? lang : 'en' };
  if (lang !== 'en' && !t) view.fallback = true;
  return view;
}

// the reply entry for any TLS trouble in a reply or a delivery's text
const TLS_REPLY = 'text.net.tls';

/**
 * The winning entry. A reply or delivery that quotes a TLS failure ("TLS session: (certificate
 * verification failed): certificate revoked", "a TLS session is required, but the server did not
 * offer TLS support") is answered by the TLS part of the catalogue when it names the failure.
 */
function winner(q: RemedyQuery): Entry {
  const e = matchFirst(q);
  if (e.id !== TLS_REPLY) return e;
  const t = tlsEntry(q.text, q.direction === 'inbound' ? 'inbound' : 'outbound');
  return isTlsFallback(t) ? e : t;
}

/** The most specific entry for a reply; never throws, the class fallback comes last. */
export function findRemedy(q: RemedyQuery, lang: Lang = 'en'): RemedyView {
  return viewOf(winner(q), lang, q.direction);
}

/** The winning entry's id only: what a stored reply row keeps. */
export function remedyId(q: RemedyQuery): string {
  return winner(q).id;
}

/** Every entry that applies (text, enhanced, basic code), most specific first. */
export function findAllRemedies(q: RemedyQuery): Entry[] {
  const all = matchAll(q);
  const w = winner(q);
  return all[0] === w ? all : [w, ...all.filter((e) => e !== w)];
}

/**
 * The remedy id of a TLS handshake failure, from its log message (with Postfix's following
 * "TLS library problem" warning appended after "; " when there was one): the first tls entry that
 * matches in that direction, else 'tls.handshake'.
 */
export function tlsRemedyId(text: string, direction: 'inbound' | 'outbound'): string {
  return tlsEntry(text, direction).id;
}

/** The TLS failure's entry as reports show it, with the fix for the side that saw it. */
export function findTlsRemedy(text: string, direction: 'inbound' | 'outbound', lang: Lang = 'en'): RemedyView {
  return viewOf(tlsEntry(text, direction), lang, direction);
}
