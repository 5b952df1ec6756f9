import type { EntryText } from '../types.js';

export const viEnhanced: Record<string, EntryText> = {};
