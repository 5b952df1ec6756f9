import type { Entry } from './types.js';

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
  return { id: `enh.${code}`, match: { enhanced: code }, title, meaning, when, fix, refs, ...extra };
}
