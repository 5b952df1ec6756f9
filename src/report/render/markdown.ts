import type { Report, ReplyGroup, StallGroup } from '../types.js';
import { termSafe } from './escape.js';

// Markdown for tickets and wikis. Table cells escape pipes; log text goes in code spans.

const cell = (s: string): string => termSafe(s).replace(/\|/g, '\\|');
const code = (s: string): string => `\`${cell(s).replace(/`/g, "'")}\``;

function groupTable(title: string, groups: ReplyGroup[]): string {
  if (groups.length === 0) return `## ${title}\n\nNone.\n`;
  const rows = groups.map((g) => `| ${g.code ?? ''}${g.code_derived ? '*' : ''} | ${g.enhanced ?? ''} | ${cell(g.reason)} | ${g.count} | ${cell(g.top_clients.map((c) => `${c.value} (${c.count})`).join(', '))} | ${cell(g.remedy.title)} |`);
  const details = groups.map((g) => `- **${g.code ?? ''} ${g.enhanced ?? ''} ${cell(g.reason)}**: ${cell(g.remedy.fix)}${g.examples[0] ? `\n  ${code(g.examples[0])}` : ''}`);
  return [`## ${title}`, '', '| code | enhanced | reason | count | top peers | what it is |', '|---|---|---|---:|---|---|', ...rows, '', ...details, ''].join('\n');
}

function stallTable(groups: StallGroup[]): string {
  if (groups.length === 0) return '## Stalled 354 sessions\n\nNone.\n';
  return ['## Stalled 354 sessions', '', '| kind | direction | count | what to do |', '|---|---|---:|---|', ...groups.map((s) => `| ${cell(s.kind)} | ${s.direction} | ${s.count} | ${cell(s.remedy.fix)} |`), ''].join('\n');
}

function incompleteList(r: Report): string {
  const inc = r.incomplete;
  const title = '## Incomplete messages (no Completed/removed line in the window)';
  if (!inc || inc.count === 0) return `${title}\n\nNone.\n`;
  const rows = inc.examples.map((m) => `| ${cell(m.host)} | ${code(m.queue_id)} | ${m.first ?? ''} | ${m.last ?? ''} | ${cell(m.sender ?? '')} |`);
  return [title, '', `${inc.count} in all, oldest first:`, '', '| host | queue id | first | last | sender |', '|---|---|---|---|---|', ...rows, ''].join('\n');
}

export function renderMarkdown(r: Report): string {
  const t = r.totals;
  return [
    '# mxlens report',
    '',
    `Window: ${r.window.from ?? 'start'} .. ${r.window.to ?? 'end'}`,
    '',
    '| lines | parsed | unparsed | received | delivered | deferred | bounced | rejected (5xx/4xx) | stalled 354 | incomplete |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    `| ${t.lines} | ${t.parsed} | ${t.unparsed} | ${t.received} | ${t.delivered} | ${t.deferred} | ${t.bounced} | ${t.rejected.total} (${t.rejected['5xx']}/${t.rejected['4xx']}) | ${t.stalled_354} | ${t.incomplete ?? 0} |`,
    '',
    groupTable('Rejections', r.rejections),
    stallTable(r.stalled),
    groupTable('Bounces', r.bounces),
    groupTable('Deferrals', r.deferrals),
    incompleteList(r),
    '## Unparsed lines',
    '',
    ...(r.unparsed.length === 0 ? ['None.'] : r.unparsed.map((u) => `- ${u.count} x ${cell(u.program)}: ${code(u.shape)}`)),
    '',
  ].join('\n');
}
