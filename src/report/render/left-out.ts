import type { ReplyGroup } from '../types.js';

// Which rejection list a group belongs to: temporary (4xx) or permanent (5xx, and the rare
// group with no code). The renderers list them apart, each limited by --top on its own.

export const isTemporary = (g: ReplyGroup): boolean => g.code !== null && g.code >= 400 && g.code < 500;
