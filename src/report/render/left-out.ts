import type { DomainSummary, HostSummary, LeftOut, RecipientSummary, ReplyGroup, Report, SenderSummary, Traffic, TrafficRow } from '../types.js';
import type { ReportLabels } from './labels.js';
import { localStamp, type UtcOffset } from './clock.js';

// Which rejection list a group belongs to: temporary (4xx) or permanent (5xx, and the rare
// group with no code). The renderers list them apart, each limited by --top on its own.

/** The per-host table is worth its space when the window has lines of more than one host. */
export const severalHosts = (r: Report): boolean => (r.hosts?.length ?? 0) + (r.left_out?.hosts?.groups ?? 0) > 1;

/** A host's cells, in the order of the labels' hostCols after the name. */
export const hostCells = (h: HostSummary): number[] => [h.lines, h.unparsed, h.rejected, h.bounced, h.deferrals, h.stalled_354, h.tls_failures ?? 0];

/** A delay in the unit a person reads at a glance: 0.3s, 52.7s, 2.1m, 5.0h, 2.0d ('-' when none was logged). */
export function delayText(seconds: number | null): string {
  if (seconds === null) return '-';
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  if (seconds < 3600) return `${(seconds / 60).toFixed(1)}m`;
  if (seconds < 172_800) return `${(seconds / 3600).toFixed(1)}h`;
  return `${(seconds / 86_400).toFixed(1)}d`;
}

/** A recipient domain's cells, in the order of the labels' domainCols: the domain as logged (escape it for the page), then its counts. */
export const domainCells = (d: DomainSummary): string[] => [d.domain, String(d.delivered), String(d.deferrals), String(d.bounced), delayText(d.avg_delay), delayText(d.max_delay)];

/** A size in the unit a person reads at a glance: 512 B, 19.5 kB, 7.0 MB, 1.2 GB (powers of 1024). */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} kB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
}

/** A sender's cells, its name first (as logged, or the labels' words for <> and for none): escape the name for the page. */
export const senderCells = (x: SenderSummary, L: ReportLabels): string[] =>
  [x.sender === null ? L.noSender : x.sender === '' ? L.nullSender : x.sender, String(x.messages), String(x.recipients), sizeText(x.bytes)];

/** A recipient's cells, its address first (as logged: escape it for the page). */
export const recipientCells = (x: RecipientSummary): string[] => [x.recipient, String(x.delivered), sizeText(x.bytes)];

/** A table of names with their counts, limited by --top: what each renderer needs to show it. */
export interface TopTable {
  /** the text report's heading, and the Markdown and HTML one */
  title: string;
  docTitle: string;
  cols: string[];
  /** per row, its name (from the log: escape it) then its counts */
  cells: string[][];
  more: LeftOut | undefined;
  moreText: (groups: number, lines: number, top: number) => string;
}

/** pflogsumm's summaries, in the order the pages show them: delivery by recipient domain, top senders, top recipients. */
export function topTables(r: Report, L: ReportLabels): TopTable[] {
  const lo = r.left_out;
  return [
    { title: L.domainsTitle, docTitle: L.doc.domains, cols: L.domainCols, cells: (r.domains ?? []).map(domainCells), more: lo?.domains, moreText: L.moreDomains },
    { title: L.sendersTitle, docTitle: L.doc.senders, cols: L.senderCols, cells: (r.senders ?? []).map((x) => senderCells(x, L)), more: lo?.senders, moreText: L.moreSenders },
    {
      title: L.recipientsTitle, docTitle: L.doc.recipients, cols: L.recipientCols, cells: (r.recipients ?? []).map(recipientCells), more: lo?.recipients,
      moreText: L.moreRecipients,
    },
  ];
}

/** Periods of the traffic table a page shows: the latest month of days (JSON has them all). */
const TRAFFIC_SHOWN = 31;

/** The traffic rows shown, and how many earlier ones are not. */
export function trafficShown(t: Traffic | undefined): { rows: TrafficRow[]; earlier: number } {
  const all = t?.rows ?? [];
  return { rows: all.slice(-TRAFFIC_SHOWN), earlier: Math.max(0, all.length - TRAFFIC_SHOWN) };
}

/**
 * The traffic rows' cells: each local day ("2026-11-28") or hour ("2026-11-28 17:00"), then its
 * counts. The hour that comes twice when the clocks go back is told apart by its UTC offset.
 */
export function trafficCells(rows: TrafficRow[], unit: 'day' | 'hour', offset?: UtcOffset): string[][] {
  const stamps = rows.map((r) => localStamp(r.from, offset));
  const label = (at: string): string => at.slice(0, unit === 'day' ? 10 : 16);
  return rows.map((r, i) => {
    const at = stamps[i]!;
    const twice = unit === 'hour' && [stamps[i - 1], stamps[i + 1]].some((o) => o !== undefined && label(o) === label(at));
    return [twice ? `${label(at)} ${at.slice(20)}` : label(at), ...[r.received, r.delivered, r.deferrals, r.bounced, r.rejected].map(String)];
  });
}

export const isTemporary = (g: ReplyGroup): boolean => g.code !== null && g.code >= 400 && g.code < 500;
