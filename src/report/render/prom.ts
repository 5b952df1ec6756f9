import type { Report, ReplyGroup, TlsGroup } from '../types.js';

// Prometheus text exposition (format 0.0.4) for node_exporter's textfile collector.
// Every value counts events inside the report's window, which moves from run to run and
// shrinks after a prune, so the families are gauges, not counters.
// Label sets are bounded: the largest `top` sets of a family are kept and the rest are
// summed into one series whose labels all read "other".

export interface PromOptions {
  /** label sets kept per family before the rest is folded into "other" (default 20) */
  top?: number;
}

type Labels = Record<string, string>;
interface Sample {
  labels: Labels;
  value: number;
}

export function escapeLabel(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function escapeHelp(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function labelText(labels: Labels): string {
  const keys = Object.keys(labels);
  if (keys.length === 0) return '';
  return `{${keys.map((k) => `${k}="${escapeLabel(labels[k]!)}"`).join(',')}}`;
}

/** Sums samples that end up with the same labels (a duplicate series is invalid). */
function merge(samples: Sample[]): Sample[] {
  const byKey = new Map<string, Sample>();
  for (const s of samples) {
    const key = labelText(s.labels);
    const have = byKey.get(key);
    if (have) have.value += s.value;
    else byKey.set(key, { labels: { ...s.labels }, value: s.value });
  }
  return [...byKey.values()];
}

/** Keeps the `top` largest label sets; the rest, and `rest` counted beyond them, become one "other" series. */
export function bound(samples: Sample[], top: number, rest = 0, keys: readonly string[] = []): Sample[] {
  const merged = merge(samples).sort((a, b) => b.value - a.value || labelText(a.labels).localeCompare(labelText(b.labels)));
  const kept = merged.slice(0, top);
  const folded = merged.slice(top);
  const value = folded.reduce((n, s) => n + s.value, rest);
  if (folded.length === 0 && rest <= 0) return kept;
  const other: Labels = {};
  for (const k of folded.length > 0 ? Object.keys(folded[0]!.labels) : keys) other[k] = 'other';
  return merge([...kept, { labels: other, value }]);
}

class Exposition {
  private readonly out: string[] = [];
  /** `base`: labels every series carries (the hosts of a report for some hosts only) */
  constructor(
    private readonly top: number,
    private readonly base: Labels,
  ) {}

  /**
   * `rest`: what the report itself left out of the list (past its own --top), with the label
   * names its series carry, so that a family still adds up to its total.
   */
  family(name: string, help: string, samples: Sample[], bounded = true, rest?: { lines: number; keys: readonly string[] }): void {
    this.out.push(`# HELP ${name} ${escapeHelp(help)}`, `# TYPE ${name} gauge`);
    for (const s of bounded ? bound(samples, this.top, rest?.lines ?? 0, rest?.keys) : samples) {
      this.out.push(`${name}${labelText({ ...this.base, ...s.labels })} ${Number.isFinite(s.value) ? s.value : 0}`);
    }
  }

  text(): string {
    return this.out.join('\n') + '\n';
  }
}

const REPLY = ['code', 'enhanced', 'direction', 'reason_class'] as const;

function replySamples(groups: ReplyGroup[]): Sample[] {
  return groups.map((g) => ({
    labels: {
      code: g.code === null ? 'none' : String(g.code),
      enhanced: g.enhanced ?? 'none',
      direction: g.direction,
      // the remedy id names the kind of reason with a bounded vocabulary; the reason text does not
      reason_class: g.remedy?.id ?? 'unknown',
    },
    value: g.count,
  }));
}

/** One series per direction and remedy: several reasons can share both, and a series must not repeat. */
function tlsSamples(groups: TlsGroup[]): Sample[] {
  const sums = new Map<string, Sample>();
  for (const g of groups) {
    const key = `${g.direction}\u0000${g.remedy.id}`;
    const s = sums.get(key);
    if (s) s.value += g.count;
    else sums.set(key, { labels: { direction: g.direction, reason_class: g.remedy.id }, value: g.count });
  }
  return [...sums.values()];
}

export function renderProm(report: Report, opts: PromOptions = {}): string {
  // one file per host (report --host) in the same textfile directory must not repeat a series
  const hosts = report.window.hosts ?? [];
  const e = new Exposition(Math.max(1, opts.top ?? 20), hosts.length > 0 ? { host: hosts.join(',') } : {});
  const t = report.totals;
  // the groups the report left out past its own --top are in no series of their own: they join "other"
  const lo = report.left_out;
  const rest = (keys: readonly string[], ...lines: (number | undefined)[]) => ({ keys, lines: lines.reduce<number>((n, x) => n + (x ?? 0), 0) });
  const one = (value: number): Sample[] => [{ labels: {}, value }];
  e.family('mxlens_log_lines', 'Log lines read in the report window (its ends moved to whole minutes), by outcome.', [
    { labels: { outcome: 'parsed' }, value: t.parsed },
    { labels: { outcome: 'unparsed' }, value: t.unparsed },
    { labels: { outcome: 'foreign' }, value: t.foreign },
  ], false);
  e.family('mxlens_sessions', 'SMTP client sessions seen in the report window.', one(t.sessions), false);
  e.family('mxlens_messages', 'Messages (queue ids) seen in the report window.', one(t.messages), false);
  e.family('mxlens_messages_received', 'Messages received into the queue in the report window.', one(t.received), false);
  // one unit for every status: a recipient's delivery attempt (totals.deferred counts messages)
  const skipped = report.retry_skipped?.lines ?? 0;
  e.family('mxlens_deliveries', 'Delivery attempts per recipient in the report window, by status.', [
    { labels: { status: 'delivered' }, value: t.delivered },
    { labels: { status: 'deferred' }, value: t.deferrals - skipped },
    { labels: { status: 'bounced' }, value: t.bounced },
    { labels: { status: 'expired' }, value: t.expired },
  ], false);
  e.family('mxlens_messages_deferred', 'Messages with at least one deferred delivery attempt in the report window.', one(t.deferred), false);
  e.family('mxlens_retries_skipped',
    'Exim queue-run entries in the report window that tried no host because the retry time was not reached.', one(skipped), false);
  e.family('mxlens_rejections', 'Rejections in the report window, by reply class.', [
    { labels: { class: '4xx' }, value: t.rejected['4xx'] },
    { labels: { class: '5xx' }, value: t.rejected['5xx'] },
  ], false);
  e.family('mxlens_rejections_by_reply',
    'Rejections in the report window by basic code, enhanced code, direction and reason class.',
    replySamples(report.rejections), true, rest(REPLY, lo?.rejections['5xx'].lines, lo?.rejections['4xx'].lines));
  e.family('mxlens_stalled_354', 'Sessions stalled after 354 in the report window.', one(t.stalled_354), false);
  e.family('mxlens_messages_incomplete',
    'Messages received in the report window with no Completed (Exim) or removed (Postfix) line yet.', one(t.incomplete ?? 0), false);
  e.family('mxlens_stalled_354_by_kind', 'Sessions stalled after 354 in the report window, by kind and direction.',
    report.stalled.map((s) => ({ labels: { kind: s.kind, direction: s.direction }, value: s.count })), true, rest(['kind', 'direction'], lo?.stalled?.lines));
  e.family('mxlens_deferrals_by_reply', 'Deferred deliveries in the report window by reply.', replySamples(report.deferrals), true, rest(REPLY, lo?.deferrals.lines));
  e.family('mxlens_bounces_by_reply', 'Bounced deliveries in the report window by reply.', replySamples(report.bounces), true, rest(REPLY, lo?.bounces.lines));
  e.family('mxlens_expired_by_reply', 'Messages expired in the report window, by the last error before they expired.', replySamples(report.expired ?? []), true, rest(REPLY, lo?.expired?.lines));
  e.family('mxlens_tls_failures_total', 'Failed TLS handshakes and certificates that did not verify in the report window.', one(t.tls_failures ?? 0), false);
  e.family('mxlens_tls_failures', 'Failed TLS handshakes and certificates that did not verify in the report window, by direction and remedy.',
    tlsSamples(report.tls ?? []), true, rest(['direction', 'reason_class'], lo?.tls?.lines));
  e.family('mxlens_unparsed_lines_by_program', 'Mail-server lines mxlens did not understand, by program.',
    report.unparsed.map((u) => ({ labels: { program: u.program }, value: u.count })), true, rest(['program'], lo?.unparsed.lines, lo?.unparsed.unshaped));
  e.family('mxlens_problems', 'Warning, error, fatal and panic lines of the mail server, by severity.',
    report.problems.map((p) => ({ labels: { severity: p.severity }, value: p.count })), true, rest(['severity'], lo?.problems.lines));
  return e.text();
}
