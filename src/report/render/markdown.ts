import type { LeftOut, Report, ReplyGroup, StallGroup } from '../types.js';
import { isTemporary, leftOutNote } from './left-out.js';
import { termSafe } from './escape.js';
import { localStamp, type UtcOffset } from './clock.js';

// Markdown for tickets and wikis. Table cells escape pipes, and < > & as entities: a Markdown
// renderer passes raw HTML through, so "<ADDR>" would vanish as an unknown tag. Log text goes in
// code spans, which show < and > as they are (and never decode entities).

const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const cell = (s: string): string => termSafe(s).replace(/\|/g, '\\|').replace(/[&<>]/g, (c) => ENTITY[c]!);
const code = (s: string): string => `\`${termSafe(s).replace(/\|/g, '\\|').replace(/`/g, "'")}\``;

export interface MarkdownOptions {
  /** print times in this offset from UTC (the log's local time); UTC when absent */
  utcOffset?: UtcOffset;
}

const note = (shown: number, more: LeftOut | undefined): string[] => {
  const n = leftOutNote(shown, more);
  return n ? [n, ''] : [];
};

function groupTable(title: string, groups: ReplyGroup[], more?: LeftOut, tail: string[] = []): string {
  if (groups.length === 0) return [`## ${title}`, '', 'None.', '', ...note(0, more), ...tail].join('\n');
  const rows = groups.map((g) => `| ${g.code ?? ''}${g.code_derived ? '*' : ''} | ${g.enhanced ?? ''} | ${cell(g.reason)} | ${g.count} | ${cell(g.top_clients.map((c) => `${c.value} (${c.count})`).join(', '))} | ${cell(g.remedy.title)} |`);
  const details = groups.map((g) => `- **${g.code ?? ''} ${g.enhanced ?? ''} ${cell(g.reason)}**: ${cell(g.remedy.fix)}${g.examples[0] ? `\n  ${code(g.examples[0])}` : ''}`);
  return [`## ${title}`, '', '| code | enhanced | reason | count | top peers | what it is |', '|---|---|---|---:|---|---|', ...rows, '', ...note(groups.length, more), ...details, '', ...tail].join('\n');
}

function stallTable(groups: StallGroup[]): string {
  if (groups.length === 0) return '## Stalled 354 sessions\n\nNone.\n';
  return ['## Stalled 354 sessions', '', '| kind | direction | count | what to do |', '|---|---|---:|---|', ...groups.map((s) => `| ${cell(s.kind)} | ${s.direction} | ${s.count} | ${cell(s.remedy.fix)} |`), ''].join('\n');
}

function incompleteList(r: Report, at: (iso: string | null) => string): string {
  const inc = r.incomplete;
  const title = '## Incomplete messages (no Completed/removed line in the window)';
  if (!inc || inc.count === 0) return `${title}\n\nNone.\n`;
  const rows = inc.examples.map((m) => `| ${cell(m.host)} | ${code(m.queue_id)} | ${at(m.first)} | ${at(m.last)} | ${cell(m.sender ?? '')} |`);
  return [title, '', `${inc.count} in all, oldest first:`, '', '| host | queue id | first | last | sender |', '|---|---|---|---|---|', ...rows, ''].join('\n');
}

function retrySkipped(r: Report): string[] {
  const s = r.retry_skipped;
  return !s || s.lines === 0 ? [] : [`Also ${s.lines} skipped retries on ${s.messages} messages ("retry time not reached": no host was tried; counted in the totals, not listed above).`, ''];
}

export function renderMarkdown(r: Report, opts: MarkdownOptions = {}): string {
  const t = r.totals;
  const at = (iso: string | null) => localStamp(iso, opts.utcOffset);
  const window = r.window.from || r.window.to
    ? `${r.window.from ? `from ${at(r.window.from)}` : 'from the first line'} until ${r.window.to ? at(r.window.to) : 'the last line'}`
    : 'everything in the database';
  return [
    '# mxlens report',
    '',
    `Window: ${window}`,
    '',
    '| lines | parsed | unparsed | received | delivered | deferred | bounced | rejected (5xx/4xx) | stalled 354 | incomplete |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    `| ${t.lines} | ${t.parsed} | ${t.unparsed} | ${t.received} | ${t.delivered} | ${t.deferred} | ${t.bounced} | ${t.rejected.total} (${t.rejected['5xx']}/${t.rejected['4xx']}) | ${t.stalled_354} | ${t.incomplete ?? 0} |`,
    '',
    groupTable('Rejections, permanent (5xx)', r.rejections.filter((g) => !isTemporary(g)), r.left_out?.rejections['5xx']),
    groupTable('Rejections, temporary (4xx)', r.rejections.filter(isTemporary), r.left_out?.rejections['4xx']),
    stallTable(r.stalled),
    groupTable('Bounces', r.bounces, r.left_out?.bounces),
    groupTable('Deferrals', r.deferrals, r.left_out?.deferrals, retrySkipped(r)),
    incompleteList(r, at),
    '## Problems (warning, fatal, panic)',
    '',
    ...(r.problems.length === 0 ? ['None.'] : r.problems.map((p) => `- ${p.count} x ${cell(p.severity)} ${cell(p.program)}: ${code(p.shape)} (${at(p.first ?? null)} .. ${at(p.last ?? null)})`)),
    '',
    ...note(r.problems.length, r.left_out?.problems),
    '## Unparsed lines',
    '',
    ...(r.unparsed.length === 0 ? ['None.'] : r.unparsed.map((u) => `- ${u.count} x ${cell(u.program)}: ${code(u.shape)}`)),
    '',
    ...note(r.unparsed.length, r.left_out?.unparsed),
  ].join('\n');
}
