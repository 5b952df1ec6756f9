import type { LeftOut, ReplyGroup } from '../types.js';

// Shared by the renderers: which rejection list a group belongs to, and the line that says
// what a list limited by --top did not show (a report that hides groups must say so).

export const isTemporary = (g: ReplyGroup): boolean => g.code !== null && g.code >= 400 && g.code < 500;

/** "… 13 more groups (38 lines); use --top 23 to see them all", or null when nothing was left out. */
export function leftOutNote(shown: number, more: LeftOut | undefined): string | null {
  if (!more || more.groups === 0) return null;
  const groups = `${more.groups} more group${more.groups === 1 ? '' : 's'}`;
  const lines = `${more.lines} line${more.lines === 1 ? '' : 's'}`;
  return `… ${groups} (${lines}); use --top ${shown + more.groups} to see them all`;
}
