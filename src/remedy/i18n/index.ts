import type { EntryText } from '../types.js';
import { viBasic } from './vi-basic.js';
import { viEnhanced } from './vi-enhanced.js';
import { viEnhancedRare } from './vi-enhanced-rare.js';
import { viText } from './vi-text.js';
import { viTextLimits } from './vi-text-limits.js';
import { viStalls, viClasses, viLocal } from './vi-stalls.js';
import { viTls } from './vi-tls.js';

/** Vietnamese text keyed by entry id; ids missing here fall back to English. */
export const vi: Readonly<Record<string, EntryText>> = { ...viBasic, ...viEnhanced, ...viEnhancedRare, ...viText, ...viTextLimits, ...viStalls, ...viClasses, ...viLocal, ...viTls };

export function translation(lang: string, id: string): EntryText | undefined {
  return lang === 'vi' ? vi[id] : undefined;
}
