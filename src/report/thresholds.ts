import type { Report, Totals } from './types.js';

// `--fail-on` rules for cron alerting. Grammar (spaces allowed around the operator):
//
//   rule   := metric op number
//   metric := a numeric field of the report's totals, nested ones dotted:
//             lines parsed unparsed foreign sessions messages received delivered deferred deferrals
//             bounced expired stalled_354 incomplete tls_failures rejected.total rejected.4xx rejected.5xx
//             ("rejected" alone means rejected.total)
//   op     := >  >=  <  <=  ==  !=
//   number := a non-negative decimal, e.g. 100 or 0.5

export type Op = '>' | '>=' | '<' | '<=' | '==' | '!=';

export interface Rule {
  /** the rule as the user wrote it */
  text: string;
  metric: string;
  op: Op;
  value: number;
}

export interface Crossed {
  rule: Rule;
  actual: number;
}

/** A rule that does not follow the grammar: the CLI turns it into a usage error. */
export class RuleError extends Error {}

type Getter = (t: Totals) => number;

const METRICS: Record<string, Getter> = {
  lines: (t) => t.lines,
  parsed: (t) => t.parsed,
  unparsed: (t) => t.unparsed,
  foreign: (t) => t.foreign,
  sessions: (t) => t.sessions,
  messages: (t) => t.messages,
  received: (t) => t.received,
  delivered: (t) => t.delivered,
  deferred: (t) => t.deferred,
  deferrals: (t) => t.deferrals,
  bounced: (t) => t.bounced,
  expired: (t) => t.expired,
  stalled_354: (t) => t.stalled_354,
  incomplete: (t) => t.incomplete ?? 0,
  tls_failures: (t) => t.tls_failures ?? 0,
  rejected: (t) => t.rejected.total,
  'rejected.total': (t) => t.rejected.total,
  'rejected.4xx': (t) => t.rejected['4xx'],
  'rejected.5xx': (t) => t.rejected['5xx'],
};

export const METRIC_NAMES = Object.keys(METRICS);

/** Each figure of the totals under its --fail-on name (`rejected` once, as `rejected.total`). */
export function totalFigures(t: Totals): Array<[name: string, value: number]> {
  return METRIC_NAMES.filter((n) => n !== 'rejected').map((n) => [n, METRICS[n]!(t)]);
}

const RULE = /^\s*([a-z_][a-z0-9_]*(?:\.[a-z0-9_]+)*)\s*(>=|<=|==|!=|>|<)\s*(\d+(?:\.\d+)?)\s*$/i;

export function parseRule(text: string): Rule {
  const m = RULE.exec(text);
  if (!m) {
    throw new RuleError(`bad --fail-on rule '${text}': expected <metric><op><number>, e.g. 'rejected.5xx>100' (ops: > >= < <= == !=)`);
  }
  const metric = m[1]!.toLowerCase();
  if (!(metric in METRICS)) {
    throw new RuleError(`bad --fail-on rule '${text}': unknown metric '${m[1]}' (known: ${METRIC_NAMES.join(', ')})`);
  }
  return { text, metric, op: m[2] as Op, value: Number(m[3]) };
}

function holds(actual: number, op: Op, value: number): boolean {
  switch (op) {
    case '>': return actual > value;
    case '>=': return actual >= value;
    case '<': return actual < value;
    case '<=': return actual <= value;
    case '==': return actual === value;
    case '!=': return actual !== value;
  }
}

/** The rules whose condition is true for this report, in the order given. */
export function crossedRules(report: Pick<Report, 'totals'>, rules: readonly Rule[]): Crossed[] {
  const out: Crossed[] = [];
  for (const rule of rules) {
    const actual = METRICS[rule.metric]!(report.totals);
    if (holds(actual, rule.op, rule.value)) out.push({ rule, actual });
  }
  return out;
}
