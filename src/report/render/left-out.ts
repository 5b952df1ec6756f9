import type { HostSummary, ReplyGroup, Report } from '../types.js';

// Which rejection list a group belongs to: temporary (4xx) or permanent (5xx, and the rare
// group with no code). The renderers list them apart, each limited by --top on its own.

/** The per-host table is worth its space when the window has lines of more than one host. */
export const severalHosts = (r: Report): boolean => (r.hosts?.length ?? 0) + (r.left_out?.hosts?.groups ?? 0) > 1;

/** A host's cells, in the order of the labels' hostCols after the name. */
export const hostCells = (h: HostSummary): number[] => [h.lines, h.unparsed, h.rejected, h.bounced, h.deferrals, h.stalled_354, h.tls_failures ?? 0];

export const isTemporary = (g: ReplyGroup): boolean => g.code !== null && g.code >= 400 && g.code < 500;
