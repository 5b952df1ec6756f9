import type { EntryText } from '../types.js';

export const viText: Record<string, EntryText> = {};
