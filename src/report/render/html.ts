import type { LeftOut, RemedyView, Report, ReplyGroup, StallGroup } from '../types.js';
import { isTemporary, leftOutNote } from './left-out.js';
import { htmlSafe as h } from './escape.js';
import { localStamp, type UtcOffset } from './clock.js';

// A self-contained page (no scripts, no external assets). Every log-derived string is escaped.

const CSS = `body{font:14px/1.45 system-ui,sans-serif;margin:2em;max-width:75em;color:#222}table{border-collapse:collapse}
td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}th{background:#f4f4f4}
code{font-size:12px;word-break:break-all}.n{text-align:right}details{margin:.3em 0}h2{margin-top:1.6em}`;

function remedy(r: RemedyView): string {
  return `<details><summary>${h(r.title)}</summary><p><b>Meaning.</b> ${h(r.meaning)}</p><p><b>When.</b> ${h(r.when)}</p><p><b>Fix.</b> ${h(r.fix)}</p><p><small>${h(r.id)}</small></p></details>`;
}

function note(shown: number, more: LeftOut | undefined): string {
  const n = leftOutNote(shown, more);
  return n ? `<p>${h(n)}</p>` : '';
}

function groups(title: string, list: ReplyGroup[], more?: LeftOut, tail = ''): string {
  if (list.length === 0) return `<h2>${title}</h2><p>None.</p>${note(0, more)}${tail}`;
  const rows = list.map((g) => `<tr><td>${g.code ?? ''}${g.code_derived ? '*' : ''}</td><td>${h(g.enhanced ?? '')}</td><td>${h(g.reason)}${g.examples.map((e) => `<br><code>${h(e)}</code>`).join('')}</td>
<td class="n">${g.count}</td><td>${g.top_clients.map((c) => `${h(c.value)} (${c.count})`).join('<br>')}</td><td>${remedy(g.remedy)}</td></tr>`);
  return `<h2>${title}</h2><table><tr><th>code</th><th>enhanced</th><th>reason and examples</th><th>count</th><th>top peers</th><th>what to do</th></tr>${rows.join('\n')}</table>${note(list.length, more)}${tail}`;
}

function retrySkipped(r: Report): string {
  const s = r.retry_skipped;
  return !s || s.lines === 0 ? '' : `<p>Also ${s.lines} skipped retries on ${s.messages} messages (&ldquo;retry time not reached&rdquo;: no host was tried; counted in the totals, not listed above).</p>`;
}

function stalls(list: StallGroup[]): string {
  if (list.length === 0) return '<h2>Stalled 354 sessions</h2><p>None.</p>';
  const rows = list.map((s) => `<tr><td>${h(s.kind)}</td><td>${s.direction}</td><td class="n">${s.count}</td><td>${s.examples.map((e) => `<code>${h(e)}</code>`).join('<br>')}</td><td>${remedy(s.remedy)}</td></tr>`);
  return `<h2>Stalled 354 sessions</h2><table><tr><th>kind</th><th>direction</th><th>count</th><th>examples</th><th>what to do</th></tr>${rows.join('\n')}</table>`;
}

function incomplete(r: Report, at: (iso: string | null) => string): string {
  const inc = r.incomplete;
  const title = '<h2>Incomplete messages (no Completed/removed line in the window)</h2>';
  if (!inc || inc.count === 0) return `${title}<p>None.</p>`;
  const rows = inc.examples.map((m) => `<tr><td>${h(m.host)}</td><td><code>${h(m.queue_id)}</code></td><td>${h(at(m.first))}</td><td>${h(at(m.last))}</td><td>${h(m.sender ?? '')}</td></tr>`);
  return `${title}<p>${inc.count} in all, oldest first:</p><table><tr><th>host</th><th>queue id</th><th>first</th><th>last</th><th>sender</th></tr>${rows.join('\n')}</table>`;
}

export function renderHtml(r: Report, opts: { utcOffset?: UtcOffset } = {}): string {
  const t = r.totals;
  const at = (iso: string | null) => localStamp(iso, opts.utcOffset);
  const window = r.window.from || r.window.to
    ? `${r.window.from ? `from ${at(r.window.from)}` : 'from the first line'} until ${r.window.to ? at(r.window.to) : 'the last line'}`
    : 'everything in the database';
  const totals: Array<[string, number]> = [['lines', t.lines], ['parsed', t.parsed], ['unparsed', t.unparsed], ['received', t.received], ['delivered', t.delivered],
    ['deferred', t.deferred], ['bounced', t.bounced], ['rejected', t.rejected.total], ['rejected 5xx', t.rejected['5xx']], ['rejected 4xx', t.rejected['4xx']], ['stalled 354', t.stalled_354], ['incomplete', t.incomplete ?? 0]];
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>mxlens report</title><style>${CSS}</style></head><body><h1>mxlens report</h1>
<p>Window: ${h(window)}</p>
<table><tr>${totals.map(([k]) => `<th>${k}</th>`).join('')}</tr><tr>${totals.map(([, v]) => `<td class="n">${v}</td>`).join('')}</tr></table>
${groups('Rejections, permanent (5xx)', r.rejections.filter((g) => !isTemporary(g)), r.left_out?.rejections['5xx'])}
${groups('Rejections, temporary (4xx)', r.rejections.filter(isTemporary), r.left_out?.rejections['4xx'])}
${stalls(r.stalled)}${groups('Bounces', r.bounces, r.left_out?.bounces)}${groups('Deferrals', r.deferrals, r.left_out?.deferrals, retrySkipped(r))}${incomplete(r, at)}
<h2>Problems (warning, fatal, panic)</h2>${r.problems.length === 0 ? '<p>None.</p>' : `<ul>${r.problems.map((p) => `<li>${p.count} x ${h(p.severity)} ${h(p.program)}: <code>${h(p.shape)}</code></li>`).join('')}</ul>`}${note(r.problems.length, r.left_out?.problems)}
<h2>Unparsed lines</h2>${r.unparsed.length === 0 ? '<p>None.</p>' : `<ul>${r.unparsed.map((u) => `<li>${u.count} x ${h(u.program)}: <code>${h(u.shape)}</code></li>`).join('')}</ul>`}${note(r.unparsed.length, r.left_out?.unparsed)}
</body></html>
`;
}
