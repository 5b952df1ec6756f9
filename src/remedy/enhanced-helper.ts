import type { Entry } from './types.js';

// RFC 3463 gives these subject-details a meaning in success reports (class 2). Every other one names
// a failure: a server that reuses it in a 2xx reply (Postfix and Microsoft answer "250 2.6.0 ...
// queued" after DATA, Exim "235 2.7.0" after AUTH) reports a success, not that failure, so those
// entries apply to classes 4 and 5 only and the basic code answers instead.
const SUCCESS_DETAILS: ReadonlySet<string> = new Set(['X.0.0', 'X.1.0', 'X.1.5', 'X.1.9', 'X.3.6', 'X.6.4']);

/** An entry for one enhanced status code; 'X.s.d' matches classes 2, 4 and 5, '4.7.1' only itself. */
export function enh(
  code: string,
  title: string,
  meaning: string,
  when: string,
  fix: string,
  refs: string[],
  extra: Partial<Entry> = {},
): Entry {
  const failureOnly = code.startsWith('X.') && !SUCCESS_DETAILS.has(code);
  const match: Entry['match'] = failureOnly ? { enhanced: code, classes: ['4', '5'] } : { enhanced: code };
  return { id: `enh.${code}`, match, title, meaning, when, fix, refs, ...extra };
}
