import type { Direction, Stage, StallKind } from './types.js';

/** What the remediation catalogue matches on. */
export interface RemedyQuery {
  code: number | null;
  enhanced: string | null;
  text: string;
  stage?: Stage | null;
  direction?: Direction;
  stallKind?: StallKind;
}
