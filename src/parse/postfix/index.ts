import { compileTable, type PatternRow } from '../table.js';
import { smtpdRows } from './smtpd.js';
import { postscreenRows } from './postscreen.js';
import { cleanupRows } from './cleanup.js';
import { qmgrRows } from './qmgr.js';
import { deliveryRows } from './delivery.js';
import { smtpClientRows } from './smtp-client.js';
import { miscRows } from './misc.js';
import { limitRows } from './limits.js';
import { daemonRows, verboseRows } from './daemons.js';
import { problemRows } from './problem.js';

/** Every Postfix line shape, in matching order: specific rows first, the generic problem row last. */
export const postfixRows: readonly PatternRow[] = [
  ...smtpdRows, ...postscreenRows, ...cleanupRows, ...qmgrRows, ...deliveryRows, ...smtpClientRows,
  ...miscRows, ...limitRows, ...daemonRows, ...problemRows, ...verboseRows,
];

export const postfixTable = compileTable(postfixRows);
