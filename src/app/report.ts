import { readDatabase } from '../store/read-db.js';
import { detailsOf, groupDetails, type GroupDetails } from '../store/group-details.js';
import { ReportQueries, peerKind, type GroupRow, type Window } from '../store/queries.js';
import { deriveVersion } from '../store/rederive.js';
import { domainDeliveries } from '../store/domain-queries.js';
import { senderCounts } from '../store/sender-queries.js';
import { recipientCounts } from '../store/recipient-queries.js';
import { findRemedy } from '../remedy/index.js';
import { DERIVE_VERSION, bareExpiry, causeQuery, forcedExpiry } from './derive.js';
import { tlsSection } from './report-tls.js';
import { trafficSection } from './report-traffic.js';
import type { DeliveryStatus, Direction, StallKind } from '../model/types.js';
import type { DomainSummary, LeftOut, Report, ReplyGroup, RemedyView, StallGroup } from '../report/types.js';

export interface ReportOptions {
  db: string;
  window: Window;
  top: number;
  lang?: string;
  now(): number;
  /** minutes east of UTC at a moment, for the local days and hours of the traffic table (default UTC) */
  utcOffset?: (ms: number) => number;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** Whether the stored rows were grouped by this program's rules; `analyse` derives them again when not. */
function derivation(stored: number): NonNullable<Report['derive_version']> {
  return { database: stored, program: DERIVE_VERSION, outdated: stored !== DERIVE_VERSION };
}

type RemedyFn = (q: Parameters<typeof findRemedy>[0]) => RemedyView;

/** report --host named a host the database has no line of (a typo would otherwise report a quiet day forever). */
export class UnknownHostError extends Error {
  constructor(
    readonly unknown: string[],
    readonly known: string[],
  ) {
    const shown = known.slice(0, 20).join(', ');
    super(
      `--host ${unknown.join(', ')}: the database has no line from ${unknown.length === 1 ? 'this host' : 'these hosts'}` +
        (known.length === 0 ? ' (it has no host names at all)' : ` (its hosts: ${shown}${known.length > 20 ? `, … ${known.length - 20} more` : ''})`),
    );
  }
}

/** The hosts asked for, as the database spells them: every spelling (host names are not case-sensitive, and one syslog file can name a host as MX1 and mx1). */
export function storedHosts(asked: readonly string[], known: string[]): string[] {
  const wanted = new Set(asked.map((h) => h.toLowerCase()));
  const found = new Set(known.filter((h) => wanted.has(h.toLowerCase())).map((h) => h.toLowerCase()));
  const unknown = asked.filter((h) => !found.has(h.toLowerCase()));
  if (unknown.length > 0) throw new UnknownHostError(unknown, known);
  return known.filter((h) => wanted.has(h.toLowerCase()));
}

export function buildReport(opts: ReportOptions): Report {
  return readDatabase(opts.db, (db) => {
    const q = new ReportQueries(db);
    const asked = opts.window.hosts ?? [];
    const win: Window = asked.length === 0 ? { from: opts.window.from, to: opts.window.to } : { ...opts.window, hosts: storedHosts(asked, q.hosts()) };
    const top = opts.top;
    const remedy: RemedyFn = (query) => (findRemedy as (x: typeof query, lang?: string) => RemedyView)(query, opts.lang);
    const lines = q.lineTotals(win);
    const rejected = q.rejected(win);

    const replyGroups = (table: 'replies' | 'deliveries', where: string, params: unknown[], rows: GroupRow[], status?: DeliveryStatus): ReplyGroup[] => {
      const details: GroupDetails = rows.length === 0 ? { stages: new Map(), peers: new Map(), domains: new Map() } : groupDetails(db, table, where, params, top);
      return rows.map((g) => {
        const { stages, peers, domains } = detailsOf(details, g);
        // the most common stage stands for the group; all of them are listed when there are several
        const stage = stages[0]?.value ?? null;
        // bounces and expiries that ran out of retries are grouped by the error they ran out on: it gives the
        // group its remedy (as its rows have, app/derive.ts) and, when the rows carry none, its codes
        // (not an expiry an administrator forced: that ended it, as its rows' remedy says)
        const cause = g.last_error && status && !forcedExpiry(status, g.text) ? causeQuery(g.last_error, g.direction as Direction, status) : null;
        const ownCodes = g.code !== null || g.enhanced !== null;
        return {
          code: ownCodes ? g.code : (cause?.code ?? null),
          code_derived: g.code_derived === 1,
          enhanced: ownCodes ? g.enhanced : (cause?.enhanced ?? null),
          enhanced_derived: g.enhanced_derived === 1,
          reason: g.reason,
          direction: g.direction as Direction,
          stage,
          stages,
          count: g.n,
          first: iso(g.first_ts),
          last: iso(g.last_ts),
          top_clients: peers,
          peer_kind: peerKind(table, g.direction),
          top_recipient_domains: domains,
          examples: q.examples(table, where, params, g, 3),
          remedy: remedy(
            cause ??
              bareExpiry({ code: g.code, enhanced: g.enhanced, text: g.text ?? g.reason ?? '', stage: stage as never, direction: g.direction as Direction, status }),
          ),
        };
      });
    };

    const rej5 = q.rejectionGroups(win, top, '5xx');
    const rej4 = q.rejectionGroups(win, top, '4xx');
    const rejScope = q.rejectionScope(win);
    const rejections = replyGroups('replies', rejScope.sql, rejScope.params, [...rej5.groups, ...rej4.groups]);
    const def = q.deliveryGroups('deferred', win, top);
    const bnc = q.deliveryGroups('bounced', win, top);
    const defScope = q.deliveryScope('deferred', win);
    const bncScope = q.deliveryScope('bounced', win);
    const deferrals = replyGroups('deliveries', defScope.sql, defScope.params, def.groups, 'deferred');
    const bounces = replyGroups('deliveries', bncScope.sql, bncScope.params, bnc.groups, 'bounced');
    const exp = q.deliveryGroups('expired', win, top);
    const expScope = q.deliveryScope('expired', win);
    const expired = replyGroups('deliveries', expScope.sql, expScope.params, exp.groups, 'expired');
    const problems = q.problems(win, top);
    const misses = q.misses(win, top);

    // stall kinds are limited by --top like every other list; the rest is counted in left_out
    const stallKinds = q.stallGroups(win);
    const stallRest = stallKinds.slice(top);
    const stalled: StallGroup[] = stallKinds.slice(0, top).map((s) => ({
      kind: s.kind,
      direction: s.direction as Direction,
      count: s.n,
      first: iso(s.first_ts),
      last: iso(s.last_ts),
      top_peers: q.stallPeers(s.kind, win, top),
      examples: q.stallExamples(s.kind, win, 3),
      remedy: remedy({ code: null, enhanced: null, text: '', stallKind: s.kind as StallKind, direction: s.direction as Direction }),
    }));

    const tls = tlsSection(db, win, top, opts.lang === 'vi' ? 'vi' : 'en', iso);

    const hostRows = q.hostCounts(win);
    // the rows past --top of a summary table: how many, and what they count
    const rest = <T>(rows: T[], n: (x: T) => number): LeftOut => ({ groups: Math.max(0, rows.length - top), lines: rows.slice(top).reduce((t, x) => t + n(x), 0) });
    const domainRows = domainDeliveries(db, win);
    const senderRows = senderCounts(db, win);
    const recipientRows = recipientCounts(db, win);
    const attempts = (d: DomainSummary): number => d.delivered + d.deferrals + d.bounced;

    // a handful of the oldest is enough to go and look; the count says how many there are
    const open = q.incomplete(win, Math.min(top, 10));

    return {
      generated_at: new Date(opts.now()).toISOString(),
      lang: opts.lang === 'vi' ? 'vi' : 'en',
      window: { from: iso(win.from), to: iso(win.to), ...(win.hosts ? { hosts: [...win.hosts] } : {}) },
      // line counts are kept per minute (per hour for lines stored before that): say when they cover more
      ...(lines.span.from !== win.from || lines.span.to !== win.to ? { lines_window: { from: iso(lines.span.from), to: iso(lines.span.to) } } : {}),
      totals: {
        lines: lines.lines,
        parsed: lines.parsed,
        unparsed: lines.unparsed,
        foreign: lines.foreign,
        sessions: q.sessions(win),
        ...(q.eximConnectionsUnlogged(win) ? { sessions_unlogged: true } : {}),
        messages: q.messages(win),
        received: q.received(win),
        delivered: q.deliveries('sent', win),
        deferred: q.deferredMessages(win),
        deferrals: q.deliveries('deferred', win),
        bounced: q.deliveries('bounced', win),
        expired: q.deliveries('expired', win),
        rejected: { total: rejected.total, '4xx': rejected.c4, '5xx': rejected.c5 },
        stalled_354: q.stalledCount(win),
        incomplete: open.count,
        tls_failures: tls.count,
      },
      hosts: hostRows.slice(0, top).map((h) => ({
        host: h.host, lines: h.lines, unparsed: h.unparsed, rejected: h.rejected, bounced: h.bounced, deferrals: h.deferrals, stalled_354: h.stalled, tls_failures: h.tls,
      })),
      traffic: trafficSection(db, win, opts.utcOffset),
      domains: domainRows.slice(0, top),
      senders: senderRows.slice(0, top),
      recipients: recipientRows.slice(0, top),
      rejections,
      stalled,
      deferrals,
      bounces,
      expired,
      tls: tls.groups,
      incomplete: {
        count: open.count,
        frozen: open.frozen,
        held: q.held(win),
        examples: open.examples.map((m) => ({ host: m.host, queue_id: m.queue_id, first: iso(m.first_ts), last: iso(m.last_ts), sender: m.sender, ...(m.frozen === 1 ? { frozen: true } : {}) })),
      },
      problems: problems.rows.map((p) => ({ severity: p.severity, program: p.program, shape: p.shape, count: p.n, first: iso(p.first_ts), last: iso(p.last_ts), example: p.example })),
      unparsed: misses.rows.map((m) => ({ program: m.program, shape: m.shape, count: m.count, example: m.example })),
      left_out: { rejections: { '5xx': rej5.more, '4xx': rej4.more }, deferrals: def.more, bounces: bnc.more, expired: exp.more, problems: problems.more, unparsed: misses.more,
        stalled: { groups: stallRest.length, lines: stallRest.reduce((n, s) => n + s.n, 0) },
        hosts: rest(hostRows, (h) => h.lines), tls: tls.more, domains: rest(domainRows, attempts),
        senders: rest(senderRows, (x) => x.messages), recipients: rest(recipientRows, (x) => x.delivered) },
      retry_skipped: q.retrySkips(win),
      derive_version: derivation(deriveVersion(db)),
    };
  });
}
