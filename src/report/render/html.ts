import type { LeftOut, RemedyView, Report, ReplyGroup, StallGroup, TlsGroup } from '../types.js';
import { hostCells, isTemporary, severalHosts, topTables, trafficCells, trafficShown } from './left-out.js';
import { htmlSafe as h } from './escape.js';
import { localStamp, type UtcOffset } from './clock.js';
import { reportLabels, totalsValues, type ReportLabels } from './labels.js';

// A self-contained page (no scripts, no external assets). Every log-derived string is escaped.

const CSS = `body{font:14px/1.45 system-ui,sans-serif;margin:2em;max-width:75em;color:#222}table{border-collapse:collapse}
td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}th{background:#f4f4f4}
code{font-size:12px;word-break:break-all}.n{text-align:right}details{margin:.3em 0}h2{margin-top:1.6em}`;

/** A header row; the columns from `numbersFrom` on hold counts, right-aligned like their cells. */
const row = (cells: string[], numbersFrom = Infinity): string =>
  `<tr>${cells.map((c, i) => `<th${i >= numbersFrom ? ' class="n"' : ''}>${h(c)}</th>`).join('')}</tr>`;

class HtmlReport {
  private readonly D: ReportLabels['doc'];
  constructor(private readonly r: Report, private readonly L: ReportLabels, private readonly offset?: UtcOffset) {
    this.D = L.doc;
  }

  at(iso: string | null | undefined): string {
    return localStamp(iso, this.offset);
  }

  remedy(r: RemedyView): string {
    const L = this.L;
    return `<details><summary>${h(r.title)}</summary><p><b>${h(L.meaning)}.</b> ${h(r.meaning)}</p><p><b>${h(L.when)}.</b> ${h(r.when)}</p><p><b>${h(L.fix)}.</b> ${h(r.fix)}</p><p><small>${h(r.id)}</small></p></details>`;
  }

  note(shown: number, more: LeftOut | undefined, moreText = this.L.more): string {
    const note = more && more.groups > 0 ? `<p>${h(moreText(more.groups, more.lines, shown + more.groups))}</p>` : '';
    return more?.unshaped ? `${note}<p>${h(this.L.unshaped(more.unshaped))}</p>` : note;
  }

  /** `lead`: what the reader needs before the groups (the EXPIRED note, Exim's skipped retries) */
  groups(title: string, list: ReplyGroup[], more?: LeftOut, lead = ''): string {
    if (list.length === 0) return `<h2>${h(title)}</h2>${lead}<p>${h(this.D.none)}</p>${this.note(0, more)}`;
    const rows = list.map((g) => `<tr><td>${g.code ?? ''}${g.code_derived ? '*' : ''}</td><td>${h(g.enhanced ?? '')}${g.enhanced_derived ? '*' : ''}</td><td>${h(g.reason)}${g.examples.map((e) => `<br><code>${h(e)}</code>`).join('')}</td>
<td class="n">${g.count}</td><td>${g.top_clients.map((c) => `${h(c.value)} (${c.count})`).join('<br>')}</td><td>${this.remedy(g.remedy)}</td></tr>`);
    return `<h2>${h(title)}</h2>${lead}<table>${row(this.D.htmlGroupCols)}${rows.join('\n')}</table>${this.note(list.length, more)}`;
  }

  stalls(list: StallGroup[], more?: LeftOut): string {
    if (list.length === 0) return `<h2>${h(this.D.stalled)}</h2><p>${h(this.D.none)}</p>`;
    const rows = list.map((s) => `<tr><td>${h(s.kind)}</td><td>${h(this.L.direction[s.direction] ?? s.direction)}</td><td class="n">${s.count}</td><td>${s.examples.map((e) => `<code>${h(e)}</code>`).join('<br>')}</td><td>${this.remedy(s.remedy)}</td></tr>`);
    return `<h2>${h(this.D.stalled)}</h2><table>${row(this.D.htmlStallCols)}${rows.join('\n')}</table>${this.note(list.length, more)}`;
  }

  tls(list: TlsGroup[], more?: LeftOut): string {
    if (list.length === 0) return `<h2>${h(this.D.tls)}</h2><p>${h(this.D.none)}</p>${this.note(0, more)}`;
    const rows = list.map((g) => `<tr><td>${h(g.remedy.title)}</td><td>${h(this.L.direction[g.direction] ?? g.direction)}</td><td>${h(g.reason)}${g.examples.map((e) => `<br><code>${h(e)}</code>`).join('')}</td>
<td class="n">${g.count}</td><td>${g.top_peers.map((c) => `${h(c.value)} (${c.count})`).join('<br>')}</td><td>${this.remedy(g.remedy)}</td></tr>`);
    return `<h2>${h(this.D.tls)}</h2><table>${row(this.D.htmlTlsCols)}${rows.join('\n')}</table>${this.note(list.length, more)}`;
  }

  hostTable(): string {
    const { r, L, D } = this;
    if (!severalHosts(r)) return '';
    const rows = (r.hosts ?? []).map((x) => `<tr><td>${h(x.host === '' ? L.noHost : x.host)}</td>${hostCells(x).map((n) => `<td class="n">${n}</td>`).join('')}</tr>`);
    return `<h2>${h(D.hosts)}</h2><table>${row(L.hostCols, 1)}${rows.join('\n')}</table>${this.note(rows.length, r.left_out?.hosts, L.moreHosts)}\n`;
  }

  trafficTable(): string {
    const { r, L, D } = this;
    const unit = r.traffic?.unit ?? 'day';
    const { rows, earlier } = trafficShown(r.traffic);
    const tail = earlier > 0 ? `<p>${h(L.earlierPeriods(earlier, unit))}</p>` : '';
    return this.countTable(D.traffic(unit), L.trafficCols(unit), trafficCells(rows, unit, this.offset), tail);
  }

  /** pflogsumm's summaries: delivery by recipient domain, senders and recipients by count */
  topTables(): string[] {
    return topTables(this.r, this.L).map((t) => this.countTable(t.docTitle, t.cols, t.cells, this.note(t.cells.length, t.more, t.moreText)));
  }

  /** A section of one table: a name and its counts per row (right-aligned); `tail` follows the table. */
  countTable(title: string, cols: string[], cells: string[][], tail: string): string {
    const rows = cells.map((c) => `<tr>${c.map((v, i) => `<td${i === 0 ? '' : ' class="n"'}>${h(v)}</td>`).join('')}</tr>`);
    const table = rows.length === 0 ? `<p>${h(this.D.none)}</p>` : `<table>${row(cols, 1)}${rows.join('\n')}</table>`;
    return `<h2>${h(title)}</h2>${table}${tail}`;
  }

  incomplete(): string {
    const inc = this.r.incomplete;
    const title = `<h2>${h(this.D.incomplete)}</h2>`;
    const held = inc?.held ? `<p>${h(this.L.heldNote(inc.held))}</p>` : '';
    if (!inc || inc.count === 0) return `${title}${held || `<p>${h(this.D.none)}</p>`}`;
    const rows = inc.examples.map((m) => `<tr><td>${h(m.host)}</td><td><code>${h(m.queue_id)}</code>${m.frozen ? ` ${h(this.L.frozen)}` : ''}</td><td>${h(this.at(m.first))}</td><td>${h(this.at(m.last))}</td><td>${h(m.sender === null ? '' : `<${m.sender}>`)}</td></tr>`);
    const note = inc.examples.some((m) => m.frozen) ? `<p>${h(this.L.frozenNote)}</p>` : '';
    return `${title}<p>${h(this.D.inAll(inc.count))}</p><table>${row(this.D.incompleteCols)}${rows.join('\n')}</table>${note}${held}`;
  }

  list(title: string, items: string[], more: LeftOut | undefined): string {
    return `<h2>${h(title)}</h2>${items.length === 0 ? `<p>${h(this.D.none)}</p>` : `<ul>${items.join('')}</ul>`}${this.note(items.length, more)}`;
  }

  render(): string {
    const { r, L, D } = this;
    const t = r.totals;
    const lo = r.left_out;
    const hosts = r.window.hosts && r.window.hosts.length > 0 ? `; ${L.hosts(r.window.hosts)}` : '';
    const window = `${D.span(r.window.from ? this.at(r.window.from) : null, r.window.to ? this.at(r.window.to) : null)}${hosts}`;
    const skipped = r.retry_skipped && r.retry_skipped.lines > 0 ? `<p>${h(D.retrySkipped(r.retry_skipped.lines, r.retry_skipped.messages))}</p>` : '';
    return `<!doctype html><html lang="${r.lang === 'vi' ? 'vi' : 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${h(L.title)}</title><style>${CSS}</style></head><body><h1>${h(L.title)}</h1>
<p>${h(D.window)}: ${h(window)}</p>
<table>${row(D.totalsCols, 0)}<tr>${totalsValues(t).map((v) => `<td class="n">${v}</td>`).join('')}</tr></table>${t.sessions_unlogged === true ? `<p>${h(L.sessionsUnlogged)}</p>` : ''}
${this.hostTable()}${this.groups(D.permanent, r.rejections.filter((g) => !isTemporary(g)), lo?.rejections['5xx'])}
${this.groups(D.temporary, r.rejections.filter(isTemporary), lo?.rejections['4xx'])}
${this.stalls(r.stalled, lo?.stalled)}${this.groups(D.bounces, r.bounces, lo?.bounces)}${this.groups(D.expired, r.expired ?? [], lo?.expired, (r.expired ?? []).length > 0 ? `<p>${h(this.L.expiredNote)}</p>` : '')}${this.groups(D.deferrals, r.deferrals, lo?.deferrals, skipped)}${this.topTables().join('')}${this.trafficTable()}${this.tls(r.tls ?? [], lo?.tls)}${this.incomplete()}
${this.list(D.problems, r.problems.map((p) => `<li>${p.count} x ${h(p.severity)} ${h(p.program)}: <code>${h(p.shape)}</code> (${h(this.at(p.first))} .. ${h(this.at(p.last))})</li>`), lo?.problems)}
${this.list(D.unparsed, r.unparsed.map((u) => `<li>${u.count} x ${h(u.program)}: <code>${h(u.shape)}</code></li>`), lo?.unparsed)}
</body></html>
`;
  }
}

export function renderHtml(r: Report, opts: { utcOffset?: UtcOffset } = {}): string {
  return new HtmlReport(r, reportLabels(r.lang), opts.utcOffset).render();
}
