import { join } from 'node:path';
import { expect } from 'vitest';
import { cli, fixture, tempDir } from '../helpers.js';

// The report JSON of some lab logs, read through the built binary, as the lab report tests use it.

export interface Remedy { id: string }
export interface Group {
  code: number | null; code_derived: boolean; enhanced: string | null; reason: string; stage: string | null; direction: string; count: number;
  remedy: Remedy; top_clients: Array<{ value: string; count: number }>;
}
export interface Problem { severity: string; program: string; shape: string; count: number }
export interface Report {
  totals: Record<string, unknown> & { rejected: { total: number; '4xx': number; '5xx': number } };
  rejections: Group[];
  deferrals: Group[];
  bounces: Group[];
  problems: Problem[];
  unparsed: unknown[];
  incomplete: { count: number; examples: Array<{ queue_id: string }> };
}

/** Analyses the fixture logs into a new database and returns its whole report (`--top 100`); `cleanup` removes the database. */
export function labReport(logs: string[]): { report: Report; cleanup(): void } {
  const tmp = tempDir();
  const db = join(tmp.dir, 'lab.db');
  const a = cli(['analyse', '--db', db, ...logs.map(fixture)]);
  expect(a.code, a.stderr).toBe(0);
  const r = cli(['report', '--db', db, '--format', 'json', '--top', '100']);
  expect(r.code, r.stderr).toBe(0);
  return { report: JSON.parse(r.stdout) as Report, cleanup: tmp.cleanup };
}

export const findGroups = (groups: Group[], code: number | null, reason: RegExp): Group[] => groups.filter((g) => g.code === code && reason.test(g.reason));
