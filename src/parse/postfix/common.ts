// Pieces of regular expressions that many Postfix rows share.

/** Postfix queue ids: short hex (3.x default) or long base-52 ids (enable_long_queue_ids). */
export const QID = '(?<queueId>[0-9A-F]{6,12}|[0-9B-DF-HJ-NP-TV-Zb-df-hj-np-tv-z]{10,20})';
/** "name[ip]" or "name[ip]:port" as Postfix writes a peer */
export const PEER = '(?<clientHost>[^\\s\\[]*)\\[(?<clientIp>[^\\]]*)\\](?::(?<clientPort>\\d+))?';

export function num(s: string | undefined): number | undefined {
  return s === undefined ? undefined : Number(s);
}
