import type { DeliveryStatus, Direction, Stage, StallKind } from './types.js';

/** What the remediation catalogue matches on. */
export interface RemedyQuery {
  code: number | null;
  enhanced: string | null;
  text: string;
  stage?: Stage | null;
  direction?: Direction;
  stallKind?: StallKind;
  /** for deliveries: when neither code nor enhanced code was logged (Exim "==" lines), deferred picks the 4xx fallback */
  status?: DeliveryStatus;
}
