import { compileTable, type PatternRow } from '../table.js';
import { smtpdRows } from './smtpd.js';
import { deliveryRows } from './delivery.js';

/** Every Postfix line shape, in matching order. */
export const postfixRows: readonly PatternRow[] = [...smtpdRows, ...deliveryRows];

export const postfixTable = compileTable(postfixRows);
