import { RULES, explainDifferences, type Figure } from './pflogsumm-rules.js';
import { withAnalysed } from './mxlens-side.js';
import type { Totals } from '../src/report/types.js';

// The comparison with pflogsumm without pflogsumm: given its Grand Totals (from a run, or as
// recorded in fixtures/reference/pflogsumm-figures.json), mxlens's totals for the same log and the
// lines the known differences apply to, each figure agrees, is explained, or is not.

export const FIGURES: readonly Figure[] = ['received', 'delivered', 'deferred', 'deferrals', 'bounced', 'rejected'];
export const RECORD = 'pflogsumm-figures.json';

export interface Reading {
  value: number;
  /** pflogsumm printed it rounded, as "612k" */
  approx: boolean;
}
export type Pfl = Record<string, Reading>;
/** As recorded: a count, or pflogsumm's rounded text ("612k") */
export type RecordedPfl = Record<Figure, number | string>;

const scale = (n: string, u: string | undefined): Reading => ({ value: Number(n) * (u === 'k' ? 1024 : u === 'm' ? 1048576 : 1), approx: !!u });

/** Grand Totals lines look like "     39   received" or "   612k  delivered" (k, m above 512k) */
export function parsePflogsumm(out: string): Pfl {
  const res: Pfl = {};
  const grand = out.slice(out.indexOf('Grand Totals'));
  const re = /^\s*(\d+)([km]?)\s+(received|delivered|forwarded|deferred|bounced|rejected|reject warnings|held|discarded)\b(?:\s+\((\d+)([km]?)\s+deferrals\))?/gm;
  for (let m = re.exec(grand); m !== null; m = re.exec(grand)) {
    if (res[m[3]!]) continue;
    res[m[3]!] = scale(m[1]!, m[2]);
    if (m[3] === 'deferred') res.deferrals = m[4] ? scale(m[4], m[5]) : { value: 0, approx: false };
  }
  return res;
}

export function toRecord(p: Pfl): RecordedPfl {
  const one = (r: Reading | undefined): number | string => {
    if (!r) return NaN;
    if (!r.approx) return r.value;
    return r.value % 1048576 === 0 ? `${r.value / 1048576}m` : `${r.value / 1024}k`;
  };
  return Object.fromEntries(FIGURES.map((f) => [f, one(p[f])])) as RecordedPfl;
}

export function fromRecord(r: RecordedPfl): Pfl {
  return Object.fromEntries(
    FIGURES.map((f) => {
      const v = r[f];
      const m = typeof v === 'string' ? /^(\d+)([km]?)$/.exec(v) : null;
      return [f, m ? scale(m[1]!, m[2]) : { value: typeof v === 'number' ? v : NaN, approx: false }];
    }),
  );
}

export interface MxlensSide {
  totals: Totals;
  /** per rule id, the lines of the log it applies to */
  hits: Map<string, number>;
}

export async function mxlensSide(file: string): Promise<MxlensSide> {
  const totals = await withAnalysed(file, 'auto', (a) => a.totals);
  return { totals, hits: await explainDifferences(file) };
}

export interface Row {
  figure: Figure;
  theirs: Reading;
  ours: number;
  /** the gap the known differences account for (mxlens minus pflogsumm) */
  explained: number;
  why: string[];
  verdict: 'yes' | 'explained' | 'NO';
}

function ourFigure(t: Totals, f: Figure): number {
  return f === 'rejected' ? t.rejected.total : t[f];
}

export function judge(theirs: Pfl, ours: MxlensSide): Row[] {
  return FIGURES.map((figure) => {
    const t = theirs[figure] ?? { value: NaN, approx: false };
    const o = ourFigure(ours.totals, figure);
    let explained = 0;
    const why: string[] = [];
    for (const r of RULES) {
      const n = ours.hits.get(r.id) ?? 0;
      if (r.figure !== figure || n === 0) continue;
      explained += r.sign * n;
      why.push(`${r.sign > 0 ? '+' : '-'}${n} ${r.why}`);
    }
    const diff = o - t.value;
    const ok = t.approx ? Math.abs(diff - explained) < 1024 : diff === explained;
    return { figure, theirs: t, ours: o, explained, why, verdict: !ok ? 'NO' : diff === 0 ? 'yes' : 'explained' };
  });
}
