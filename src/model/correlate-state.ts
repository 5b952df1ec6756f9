import type { RemedyQuery } from './remedy-query.js';
import type { Batch, MessageState, SessionState } from './facts.js';

// What the correlation functions share. One object, created once per run and passed as it is to
// plain functions, so a line costs no more lookups than methods on the class would.

export interface CorrelateDeps {
  remedyId(q: RemedyQuery): string;
}

/** Where open messages wait while no line names them. */
export interface MessageStore {
  /** the stored open message of this key, once (from then on it is in memory) */
  take(host: string, queueId: string): MessageState | undefined;
  /** a message handed back from memory: its row is written, its marks go with it */
  keep(m: MessageState): void;
}

export interface CorrelateState {
  /** rows gathered since the last takeBatch */
  batch: Batch;
  /** open sessions by sessionKeyOf */
  readonly sessions: Map<string, SessionState>;
  /**
   * Sessions ended as unterminated because another connection came under their key while they were
   * open, for keys that cannot tell two connections apart (see sharedKey): a closing line that finds
   * no open session is theirs. By key, oldest first.
   */
  readonly displaced: Map<string, SessionState[]>;
  /** open messages by host + queue id */
  readonly messages: Map<string, MessageState>;
  /** open messages stored and not in memory: earlier runs', and those handed back (store/stored-messages.ts) */
  stored?: MessageStore;
  /** next free row ids, read from the database when the run starts */
  readonly ids: { session: number; message: number };
  readonly deps: CorrelateDeps;
  /** the latest log time of each host, this line's included (Correlator.handle moves it first) */
  readonly clocks: ReadonlyMap<string, number>;
}

/**
 * The clock a line at `ts` judges silence by: its host's, the latest time that host's lines have
 * reached. A session or message has been silent for as long as that clock has moved since a line of
 * it was read (its seenClock, lastClock). The sweeps judge the same way, so whether one ran before a
 * line or not (where a run stopped) changes nothing; and a line stamped far ahead of its neighbours
 * ages what was open before it, not what opens after it. Null: the line has no time, and judges nothing.
 */
export function clockAt(st: CorrelateState, host: string, ts: number | null): number | null {
  if (ts === null) return null;
  const clock = st.clocks.get(host);
  return clock === undefined || clock < ts ? ts : clock;
}

export function domainOf(address: string | null | undefined): string | null {
  if (!address) return null;
  const at = address.lastIndexOf('@');
  return at < 0 ? null : address.slice(at + 1).toLowerCase();
}
