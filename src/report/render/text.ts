import type { IncompleteMessage, LeftOut, Ranked, RemedyView, Report, ReplyGroup, StallGroup, TlsGroup } from '../types.js';
import { hostCells, isTemporary, severalHosts, topTables, trafficCells, trafficShown } from './left-out.js';
import { termSafe } from './escape.js';
import { localStamp, type UtcOffset } from './clock.js';
import { reportLabels, type ReportLabels } from './labels.js';

// The terminal report: what happened, then each group with what to do about it.

export interface TextOptions {
  /** print times in this offset from UTC (the log's local time); UTC when absent */
  utcOffset?: UtcOffset;
}

const WIDTH = 100;

export function wrap(text: string, indent: string, width = WIDTH): string {
  const words = termSafe(text).split(/\s+/).filter(Boolean);
  const out: string[] = [];
  let line = indent;
  for (const w of words) {
    if (line.length + w.length + 1 > width && line.trim().length > 0) {
      out.push(line.trimEnd());
      line = indent;
    }
    line += (line.trim().length > 0 ? ' ' : '') + w;
  }
  if (line.trim().length > 0) out.push(line.trimEnd());
  return out.join('\n');
}

/** A table's lines, header first: each column as wide as its widest cell, the first left-aligned, the rest (counts) right-aligned. */
function aligned(head: string[], rows: string[][]): string[] {
  const widths = head.map((c, i) => Math.max(c.length, ...rows.map((x) => x[i]!.length)));
  return [head, ...rows].map((cells) => `  ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')}`.trimEnd());
}

class TextReport {
  constructor(private readonly r: Report, private readonly L: ReportLabels, private readonly offset?: UtcOffset) {}

  private when(iso: string | null | undefined): string {
    return localStamp(iso, this.offset);
  }

  private span(first: string | null | undefined, last: string | null | undefined): string {
    return `${this.when(first)} .. ${this.when(last)}`;
  }

  /** "a .. b", "since a", "until b"; null for no window */
  private window(w: { from: string | null; to: string | null }): string | null {
    if (!w.from && !w.to) return null;
    return this.L.window(w.from ? this.when(w.from) : null, w.to ? this.when(w.to) : null);
  }

  private ranked(label: string, list: Ranked[]): string | null {
    if (list.length === 0) return null;
    return wrap(`${label}: ${list.map((x) => `${x.value} (${x.count})`).join(', ')}`, '      ');
  }

  private remedyBlock(r: RemedyView): string {
    const L = this.L;
    const head = `    ${L.whatToDo}: ${termSafe(r.title)}  [${termSafe(r.id)}${r.fallback ? `, ${L.noTranslation}` : ''}]`;
    return [head, wrap(`${L.meaning}: ${r.meaning}`, '      '), wrap(`${L.when}: ${r.when}`, '      '), wrap(`${L.fix}: ${r.fix}`, '      ')].join('\n');
  }

  replyGroup(g: ReplyGroup, i: number, peerLabel: string): string {
    const L = this.L;
    const code = `${g.code === null ? '---' : `${g.code}${g.code_derived ? '*' : ''}`} ${g.enhanced ?? ''}${g.enhanced_derived ? '*' : ''}`.trimEnd();
    const stages = g.stages ?? [];
    const stage = stages.length > 1 ? ` ${L.at} ${stages.map((st) => `${termSafe(st.value)} (${st.count})`).join(', ')}` : g.stage ? ` ${L.at} ${g.stage}` : '';
    const lines = [
      `  ${i + 1}. ${code}  x${g.count}  ${L.direction[g.direction] ?? g.direction}${stage}  ${this.span(g.first, g.last)}`,
      wrap(g.reason || L.noText, '      '),
      this.ranked(g.peer_kind === 'agent' || g.direction === 'local' ? L.agents : g.peer_kind === 'remote' ? L.remotes : g.peer_kind === 'client' ? L.clients : peerLabel, g.top_clients),
      this.ranked(L.domains, g.top_recipient_domains),
      ...g.examples.map((e) => `      ${L.eg} ${termSafe(e)}`),
      this.remedyBlock(g.remedy),
    ];
    return lines.filter((l): l is string => l !== null).join('\n');
  }

  stallGroup(s: StallGroup, i: number): string {
    const L = this.L;
    const lines = [
      // the title reads in the report's language; the kind is the id scripts and queries use
      `  ${i + 1}. ${termSafe(s.remedy.title)} (${termSafe(s.kind)})  x${s.count}  ${L.direction[s.direction] ?? s.direction}  ${this.span(s.first, s.last)}`,
      this.ranked(s.direction === 'inbound' ? L.clients : L.remotes, s.top_peers),
      ...s.examples.map((e) => `      ${L.eg} ${termSafe(e)}`),
      this.remedyBlock(s.remedy),
    ];
    return lines.filter((l): l is string => l !== null).join('\n');
  }

  tlsGroup(g: TlsGroup, i: number): string {
    const L = this.L;
    const lines = [
      `  ${i + 1}. ${termSafe(g.remedy.title)}  x${g.count}  ${L.direction[g.direction] ?? g.direction}  ${this.span(g.first, g.last)}`,
      wrap(g.reason || L.noText, '      '),
      this.ranked(g.direction === 'inbound' ? L.clients : L.remotes, g.top_peers),
      ...g.examples.map((e) => `      ${L.eg} ${termSafe(e)}`),
      this.remedyBlock(g.remedy),
    ];
    return lines.filter((l): l is string => l !== null).join('\n');
  }

  incompleteLines(): string[] {
    const inc = this.r.incomplete;
    const held = inc?.held ? [wrap(this.L.heldNote(inc.held), '  ')] : [];
    if (!inc || inc.count === 0) return held;
    // no sender when the message's arrival was not read (an earlier log): "<>" would call it a bounce
    const one = (m: IncompleteMessage) =>
      `  ${m.host ? `${termSafe(m.host)} ` : ''}${termSafe(m.queue_id)}  ${this.span(m.first, m.last)}${m.sender === null ? '' : `  ${this.L.from} <${termSafe(m.sender)}>`}${m.frozen ? `  ${this.L.frozen}` : ''}`;
    const more = inc.count - inc.examples.length;
    const note = inc.examples.some((m) => m.frozen) ? [wrap(this.L.frozenNote, '  ')] : [];
    return [[`  ${this.L.oldestFirst(inc.count)}`, ...inc.examples.map(one), ...(more > 0 ? [`  ${this.L.andMore(more)}`] : []), ...note].join('\n'), ...held];
  }

  /** one row per host, columns right-aligned under their headings */
  hosts(): string[] {
    const { r, L } = this;
    if (!severalHosts(r)) return [];
    const [head, ...rows] = aligned(L.hostCols, (r.hosts ?? []).map((h) => [h.host === '' ? L.noHost : termSafe(h.host), ...hostCells(h).map(String)]));
    return [this.section(`${L.hostsTitle}\n${head}`, rows, r.left_out?.hosts, [], '\n', L.moreHosts), ''];
  }

  /** mail per local day or hour, as pflogsumm's "Per-Day Traffic Summary" */
  traffic(): string {
    const { r, L } = this;
    const unit = r.traffic?.unit ?? 'day';
    const { rows, earlier } = trafficShown(r.traffic);
    return this.countTable(L.trafficTitle(unit), L.trafficCols(unit), trafficCells(rows, unit, this.offset), undefined, earlier > 0 ? [`  ${L.earlierPeriods(earlier, unit)}`] : []);
  }

  /** pflogsumm's summaries: delivery by recipient domain, senders and recipients by count, each a section */
  topTables(): string[] {
    return topTables(this.r, this.L).flatMap((t) => [this.countTable(t.title, t.cols, t.cells, t.more, [], t.moreText), '']);
  }

  /** A section of one table: a name (from the log: made safe for the terminal) and its counts per row. */
  countTable(title: string, cols: string[], cells: string[][], more: LeftOut | undefined, tail: string[], moreText = this.L.more): string {
    const [head, ...rows] = aligned(cols, cells.map(([name, ...counts]) => [termSafe(name!), ...counts]));
    return this.section(rows.length === 0 ? title : `${title}\n${head}`, rows, more, tail, '\n', moreText);
  }

  section(title: string, body: string[], more?: LeftOut, tail: string[] = [], sep = '\n\n', moreText = this.L.more): string {
    const note = more && more.groups > 0 ? [`  ${moreText(more.groups, more.lines, body.length + more.groups)}`] : [];
    if (more?.unshaped) note.push(`  ${this.L.unshaped(more.unshaped)}`);
    return `${title}\n${[body.length === 0 ? `  ${this.L.none}` : body.join(sep), ...note, ...tail].join(sep)}`;
  }

  /** a delivery section's title, with the legend of the dsn mark when one of its groups carries it */
  dsnTitle(title: string, list: ReplyGroup[]): string {
    return list.some((g) => g.enhanced_derived) ? `${title}\n  ${this.L.dsnMark}` : title;
  }

  retrySkipped(): string[] {
    const s = this.r.retry_skipped;
    return !s || s.lines === 0 ? [] : [wrap(this.L.retrySkipped(s.lines, s.messages), '  ')];
  }

  render(): string {
    const { r, L } = this;
    const t = r.totals;
    const lo = r.left_out;
    const hosts = r.window.hosts && r.window.hosts.length > 0 ? `; ${L.hosts(r.window.hosts.map(termSafe))}` : '';
    const window = `${this.window(r.window) ?? L.everything}${hosts}`;
    const lw = r.lines_window;
    const linesSpan = lw ? L.linesSpan(lw.from ? this.when(lw.from) : null, lw.to ? this.when(lw.to) : null) : null;
    const groups = (list: ReplyGroup[], peer: string) => list.map((g, i) => this.replyGroup(g, i, peer));
    const dv = r.derive_version;
    return [
      `${L.title} (${window})`,
      ...(linesSpan ? [linesSpan] : []),
      ...(dv?.outdated ? [L.outdated(dv.database, dv.program)] : []),
      '',
      L.totals,
      `  ${L.lines(t.lines, t.parsed, t.unparsed, t.foreign)}`,
      `  ${L.sessions(t.sessions, t.messages, t.received, t.incomplete ?? 0)}`,
      ...(t.sessions_unlogged === true ? [wrap(L.sessionsUnlogged, '    ')] : []),
      `  ${L.deliveries(t.delivered, t.deferred, t.deferrals, t.bounced, t.expired)}`,
      `  ${L.rejected(t.rejected.total, t.rejected['5xx'], t.rejected['4xx'], t.stalled_354, t.tls_failures ?? 0)}`,
      '',
      ...this.hosts(),
      this.section(L.permanent, groups(r.rejections.filter((g) => !isTemporary(g)), L.clients), lo?.rejections['5xx']),
      '',
      this.section(L.temporary, groups(r.rejections.filter(isTemporary), L.clients), lo?.rejections['4xx']),
      '',
      this.section(L.stalled, r.stalled.map((s, i) => this.stallGroup(s, i)), lo?.stalled),
      '',
      this.section(this.dsnTitle(L.bounces, r.bounces), groups(r.bounces, L.remotes), lo?.bounces),
      '',
      this.section((r.expired ?? []).length > 0 ? `${L.expired}\n${wrap(L.expiredNote, '  ')}` : L.expired, groups(r.expired ?? [], L.remotes), lo?.expired),
      '',
      this.section(this.dsnTitle(L.deferrals, r.deferrals), groups(r.deferrals, L.remotes), lo?.deferrals, this.retrySkipped()),
      '',
      ...this.topTables(),
      this.traffic(),
      '',
      this.section(L.tls, (r.tls ?? []).map((g, i) => this.tlsGroup(g, i)), lo?.tls),
      '',
      this.section(L.incomplete, this.incompleteLines()),
      '',
      // one line per problem kind: a list to scan, with when it was seen
      this.section(L.problems, r.problems.map((p) => `  ${p.count} x ${termSafe(p.severity)} ${termSafe(p.program)}: ${termSafe(p.shape)}  ${this.span(p.first, p.last)}`), lo?.problems, [], '\n'),
      '',
      this.section(L.unparsed, r.unparsed.map((u) => `  ${u.count} x ${termSafe(u.program)}: ${termSafe(u.shape)}\n      ${L.eg} ${termSafe(u.example)}`), lo?.unparsed),
      '',
    ].join('\n');
  }
}

export function renderText(r: Report, opts: TextOptions = {}): string {
  return new TextReport(r, reportLabels(r.lang), opts.utcOffset).render();
}
