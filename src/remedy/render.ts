import type { Lang } from './index.js';
import type { Compared, EntryOut, Explained } from './describe.js';
import { labels } from './i18n/labels.js';

// Short readable layouts for explain and compare: headings flush left, text wrapped and indented.

const WIDTH = 96;

export function wrap(text: string, indent = '  ', width = WIDTH): string {
  const out: string[] = [];
  let line = indent;
  for (const word of text.split(/\s+/)) {
    if (word === '') continue;
    if (line.trim() !== '' && line.length + 1 + word.length > width) {
      out.push(line);
      line = indent + word;
    } else line = line.trim() === '' ? indent + word : `${line} ${word}`;
  }
  if (line.trim() !== '') out.push(line);
  return out.join('\n');
}

function entryBlock(e: EntryOut, lang: Lang): string {
  const L = labels(lang);
  const parts = [
    `${e.title}  [${e.id}]${e.fallback ? `  ${L.fallback}` : ''}`,
    L.meaning, wrap(e.meaning),
    L.when, wrap(e.when),
    L.fix, wrap(e.fix),
  ];
  const bullet = (t: string): string => wrap(t, '    ').replace(/^ {4}/, '  - ');
  // a TLS failure is no reply: its two sides are who failed, not who answered
  const tls = e.id.startsWith('tls.');
  if (e.fix_inbound) parts.push(bullet(`${tls ? L.tlsInbound : L.inbound}: ${e.fix_inbound}`));
  if (e.fix_outbound) parts.push(bullet(`${tls ? L.tlsOutbound : L.outbound}: ${e.fix_outbound}`));
  parts.push(wrap(`${L.refs}: ${e.refs.join('; ')}`, ''));
  return parts.join('\n');
}

function heading(x: Explained, lang: Lang, title?: string): string {
  const L = labels(lang);
  const input = x.input.length > 100 ? `${x.input.slice(0, 99)}…` : x.input;
  const head = [x.code, x.enhanced].filter((v) => v !== null).join(' ') || input;
  const cls = x.class ? `\n  ${x.class.class} ${x.class.name} · ${L.category}: ${x.class.category}` : '';
  const notes = (x.notes ?? []).map((n) => `\n${wrap(`${L.note}: ${n}`, '  ')}`).join('');
  return `${head}${title ? ` — ${title}` : ''}${cls}${notes}`;
}

export function renderExplain(x: Explained, lang: Lang): string {
  const blocks = x.entries.map((e) => entryBlock(e, lang));
  return `${heading(x, lang)}\n\n${blocks.join('\n\n')}\n`;
}

export function renderCompare(c: Compared, lang: Lang): string {
  const L = labels(lang);
  const side = (x: Explained): string => {
    const e = x.entries[0]!;
    return [`${heading(x, lang, e.title)}${e.fallback ? `  ${L.fallback}` : ''}`, L.meaning, wrap(e.meaning), L.when, wrap(e.when), L.fix, wrap(e.fix)].join('\n');
  };
  const diffs = c.differences.map((d, i) => wrap(d, '   ').replace(/^ {3}/, `${i + 1}. `.padEnd(3)));
  return [
    c.title, '', wrap(c.summary, ''), '', side(c.a), '', side(c.b), '',
    L.differences, ...diffs, '',
    L.actOn, wrap(c.act_on), ...c.fixes.map((f) => wrap(f)), '',
  ].join('\n');
}
