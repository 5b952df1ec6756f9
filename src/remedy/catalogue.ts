import type { Entry } from './types.js';
import { stalls } from './stalls.js';
import { providerTexts } from './text-providers.js';
import { postfixTexts } from './text-postfix.js';
import { eximTexts } from './text-exim.js';
import { networkTexts } from './text-network.js';
import { genericTexts } from './text-generic.js';
import { enhancedAddress } from './enhanced-address.js';
import { enhancedNetwork } from './enhanced-network.js';
import { enhancedSecurity } from './enhanced-security.js';
import { basicCodes } from './basic-codes.js';
import { classEntries } from './classes.js';
import { localEntries } from './local.js';
import { tlsEntries } from './tls.js';

/**
 * Every entry, in the order text patterns are tried: stall wording first (most precise), then
 * named providers and blocklists, then MTA restriction texts, then network errors, then the
 * generic wordings that many servers share. Our own agents' refusals (direction local) come just
 * before the class fallbacks. The TLS entries answer handshake failures, which carry no reply: the
 * matcher leaves them out, and they are looked up by tlsRemedyId only.
 */
export const catalogue: readonly Entry[] = [
  ...stalls,
  ...providerTexts,
  ...postfixTexts,
  ...eximTexts,
  ...networkTexts,
  ...genericTexts,
  ...enhancedAddress,
  ...enhancedNetwork,
  ...enhancedSecurity,
  ...basicCodes,
  ...localEntries,
  ...classEntries,
  ...tlsEntries,
];

export const byId: ReadonlyMap<string, Entry> = new Map(catalogue.map((e) => [e.id, e]));
