import type { Direction, Stage, StallKind } from '../model/types.js';

/** What an entry applies to. Every field given must hold; an entry with none is never chosen. */
export interface Match {
  /** the reply text decides (tried case-insensitively on the text without codes) */
  text?: RegExp;
  /** '5.7.26' exact, 'X.1.1' any class, or a pattern for ranges (Microsoft 5.7.606-649) */
  enhanced?: string | RegExp;
  /**
   * reply classes the entry applies to, when not all of 2, 4 and 5 make sense: for an 'X.' enhanced
   * entry the class of the enhanced code (250 2.6.0 is no content error), for a text entry the first
   * digit of the code, else of the enhanced code (a reply with neither passes)
   */
  classes?: readonly ('2' | '4' | '5')[];
  /** basic code, or several */
  code?: number | readonly number[];
  /** class fallbacks: first digit of the code (or of the enhanced code) */
  class?: '2' | '3' | '4' | '5';
  /** class fallbacks: RFC 3463 subject (second part of the enhanced code) */
  subject?: string;
  stallKind?: StallKind;
  /** only for replies seen in this direction */
  direction?: Direction;
  /**
   * for a text entry: it also applies, whatever the text, to a reply of its codes given at this stage
   * (a 554 instead of the greeting means the same with any wording)
   */
  orStage?: Stage | readonly Stage[];
  /** a TLS handshake failure or certificate problem, matched on the log text; never a reply */
  tls?: true;
}

/** One catalogue entry: what a reply means, when you see it and how to fix it. */
export interface Entry {
  id: string;
  match: Match;
  title: string;
  meaning: string;
  when: string;
  /** the fix, phrased for whoever reads the log */
  fix: string;
  /** when our server gave the reply (a client was refused): the receiving side's fix */
  fixInbound?: string;
  /** when a remote server gave the reply to us: the sending side's fix */
  fixOutbound?: string;
  /** RFC sections, Postfix or Exim parameters, provider documentation */
  refs: readonly string[];
}

/** The translatable part of an entry. */
export type EntryText = Pick<Entry, 'title' | 'meaning' | 'when' | 'fix' | 'fixInbound' | 'fixOutbound'>;
