import type { LeftOut, Report, ReplyGroup, StallGroup, TlsGroup } from '../types.js';
import { hostCells, isTemporary, severalHosts, topTables, trafficCells, trafficShown } from './left-out.js';
import { mdCode, mdText } from './markdown-escape.js';
import { localStamp, type UtcOffset } from './clock.js';
import { reportLabels, totalsValues, type ReportLabels } from './labels.js';

// Markdown for tickets and wikis. Log text either goes in code spans (outside tables) or in
// text with every meaningful character escaped (table cells, headings of a group): see
// markdown-escape.ts. A code span in a table cell would need "\|" for a pipe, which pandoc's
// own Markdown shows with its backslash, so cells hold escaped text.

const cell = mdText;
const tableCode = (s: string): string => (s.includes('|') ? mdText(s) : mdCode(s));
const head = (cols: string[], right: number[] = []): string[] => [`| ${cols.join(' | ')} |`, `|${cols.map((_, i) => (right.includes(i) ? '---:' : '---')).join('|')}|`];

export interface MarkdownOptions {
  /** print times in this offset from UTC (the log's local time); UTC when absent */
  utcOffset?: UtcOffset;
}

class MarkdownReport {
  private readonly D: ReportLabels['doc'];
  constructor(private readonly r: Report, private readonly L: ReportLabels, private readonly offset?: UtcOffset) {
    this.D = L.doc;
  }

  at(iso: string | null | undefined): string {
    return localStamp(iso, this.offset);
  }

  note(shown: number, more: LeftOut | undefined, moreText = this.L.more): string[] {
    const note = more && more.groups > 0 ? [moreText(more.groups, more.lines, shown + more.groups), ''] : [];
    return more?.unshaped ? [...note, this.L.unshaped(more.unshaped), ''] : note;
  }

  /** `lead`: what the reader needs before the groups (the EXPIRED note, Exim's skipped retries) */
  groupTable(title: string, groups: ReplyGroup[], more?: LeftOut, lead: string[] = []): string {
    if (groups.length === 0) return [`## ${title}`, '', ...lead, this.D.none, '', ...this.note(0, more)].join('\n');
    const rows = groups.map((g) => `| ${g.code ?? ''}${g.code_derived ? '*' : ''} | ${g.enhanced ?? ''}${g.enhanced_derived ? '*' : ''} | ${cell(g.reason)} | ${g.count} | ${cell(g.top_clients.map((c) => `${c.value} (${c.count})`).join(', '))} | ${cell(g.remedy.title)} |`);
    const details = groups.map((g) => `- **${[g.code, g.enhanced, cell(g.reason)].filter(Boolean).join(' ')}**: ${cell(g.remedy.fix)}${g.examples[0] ? `\n  ${mdCode(g.examples[0])}` : ''}`);
    return [`## ${title}`, '', ...lead, ...head(this.D.mdGroupCols, [3]), ...rows, '', ...this.note(groups.length, more), ...details, ''].join('\n');
  }

  stallTable(groups: StallGroup[], more?: LeftOut): string {
    if (groups.length === 0) return `## ${this.D.stalled}\n\n${this.D.none}\n`;
    // the kind id alone (outbound.lost-end-of-data) is English and terse: the remedy's title says it in the report's language
    const rows = groups.map((s) => `| ${cell(s.remedy.title)} ${tableCode(s.kind)} | ${this.L.direction[s.direction] ?? s.direction} | ${s.count} | ${cell(s.remedy.fix)} |`);
    return [`## ${this.D.stalled}`, '', ...head(this.D.mdStallCols, [2]), ...rows, '', ...this.note(groups.length, more)].join('\n');
  }

  tlsTable(groups: TlsGroup[], more?: LeftOut): string {
    if (groups.length === 0) return [`## ${this.D.tls}`, '', this.D.none, '', ...this.note(0, more)].join('\n');
    const rows = groups.map((g) => `| ${cell(g.remedy.title)} | ${this.L.direction[g.direction] ?? g.direction} | ${cell(g.reason)} | ${g.count} | ${cell(g.top_peers.map((c) => `${c.value} (${c.count})`).join(', '))} | ${cell(g.remedy.fix)} |`);
    const examples = groups.flatMap((g) => (g.examples[0] ? [`- ${cell(g.reason)}: ${mdCode(g.examples[0])}`] : []));
    return [`## ${this.D.tls}`, '', ...head(this.D.mdTlsCols, [3]), ...rows, '', ...this.note(groups.length, more), ...examples, ''].join('\n');
  }

  hostTable(): string[] {
    const { r, L, D } = this;
    if (!severalHosts(r)) return [];
    const rows = (r.hosts ?? []).map((h) => `| ${h.host === '' ? L.noHost : cell(h.host)} | ${hostCells(h).join(' | ')} |`);
    return [`## ${D.hosts}`, '', ...head(L.hostCols, [1, 2, 3, 4, 5, 6, 7]), ...rows, '', ...this.note(rows.length, r.left_out?.hosts, L.moreHosts)];
  }

  trafficTable(): string {
    const { r, L, D } = this;
    const unit = r.traffic?.unit ?? 'day';
    const { rows, earlier } = trafficShown(r.traffic);
    return this.countTable(D.traffic(unit), L.trafficCols(unit), trafficCells(rows, unit, this.offset), earlier > 0 ? [L.earlierPeriods(earlier, unit), ''] : []);
  }

  /** pflogsumm's summaries: delivery by recipient domain, senders and recipients by count */
  topTables(): string[] {
    return topTables(this.r, this.L).map((t) => this.countTable(t.docTitle, t.cols, t.cells, this.note(t.cells.length, t.more, t.moreText)));
  }

  /** A section of one table: a name (escaped: it comes from the log) and its counts per row; `tail` follows the table. */
  countTable(title: string, cols: string[], cells: string[][], tail: string[]): string {
    const rows = cells.map(([name, ...counts]) => `| ${[cell(name!), ...counts].join(' | ')} |`);
    const table = rows.length === 0 ? [this.D.none, ''] : [...head(cols, cols.map((_, i) => i).slice(1)), ...rows, ''];
    return [`## ${title}`, '', ...table, ...tail].join('\n');
  }

  incompleteList(): string {
    const inc = this.r.incomplete;
    const title = `## ${this.D.incomplete}`;
    const held = inc?.held ? this.L.heldNote(inc.held) : null;
    if (!inc || inc.count === 0) return [title, '', held ?? this.D.none, ''].join('\n');
    const rows = inc.examples.map((m) => `| ${cell(m.host)} | ${tableCode(m.queue_id)}${m.frozen ? ` ${this.L.frozen}` : ''} | ${this.at(m.first)} | ${this.at(m.last)} | ${cell(m.sender === null ? '' : `<${m.sender}>`)} |`);
    // our own text, whose backticks are code
    const note = inc.examples.some((m) => m.frozen) ? ['', this.L.frozenNote, ''] : [''];
    return [title, '', this.D.inAll(inc.count), '', ...head(this.D.incompleteCols), ...rows, ...note, ...(held === null ? [] : [held, ''])].join('\n');
  }

  render(): string {
    const { r, L, D } = this;
    const t = r.totals;
    const lo = r.left_out;
    const skipped = r.retry_skipped && r.retry_skipped.lines > 0 ? [D.retrySkipped(r.retry_skipped.lines, r.retry_skipped.messages), ''] : [];
    const list = (items: string[]) => (items.length === 0 ? [D.none] : items);
    return [
      `# ${L.title}`,
      '',
      `${D.window}: ${D.span(r.window.from ? this.at(r.window.from) : null, r.window.to ? this.at(r.window.to) : null)}${r.window.hosts && r.window.hosts.length > 0 ? `; ${L.hosts(r.window.hosts.map(mdText))}` : ''}`,
      '',
      ...head(D.totalsCols, D.totalsCols.map((_, i) => i)),
      `| ${totalsValues(t).join(' | ')} |`,
      '',
      ...(t.sessions_unlogged === true ? [mdText(L.sessionsUnlogged), ''] : []),
      ...this.hostTable(),
      this.groupTable(D.permanent, r.rejections.filter((g) => !isTemporary(g)), lo?.rejections['5xx']),
      this.groupTable(D.temporary, r.rejections.filter(isTemporary), lo?.rejections['4xx']),
      this.stallTable(r.stalled, lo?.stalled),
      this.groupTable(D.bounces, r.bounces, lo?.bounces),
      this.groupTable(D.expired, r.expired ?? [], lo?.expired, (r.expired ?? []).length > 0 ? [L.expiredNote, ''] : []),
      this.groupTable(D.deferrals, r.deferrals, lo?.deferrals, skipped),
      ...this.topTables(),
      this.trafficTable(),
      this.tlsTable(r.tls ?? [], lo?.tls),
      this.incompleteList(),
      `## ${D.problems}`,
      '',
      ...list(r.problems.map((p) => `- ${p.count} x ${cell(p.severity)} ${cell(p.program)}: ${mdCode(p.shape)} (${this.at(p.first)} .. ${this.at(p.last)})`)),
      '',
      ...this.note(r.problems.length, lo?.problems),
      `## ${D.unparsed}`,
      '',
      ...list(r.unparsed.map((u) => `- ${u.count} x ${cell(u.program)}: ${mdCode(u.shape)}`)),
      '',
      ...this.note(r.unparsed.length, lo?.unparsed),
    ].join('\n');
  }
}

export function renderMarkdown(r: Report, opts: MarkdownOptions = {}): string {
  return new MarkdownReport(r, reportLabels(r.lang), opts.utcOffset).render();
}
