// What was read of a JSON log (journald, Docker), remembered as spans of positions per stream.
// A position is a journal's sequence number (or, without a cursor, its realtime stamp) or a
// Docker time in nanoseconds. A stream is what one filtered export holds: one journal's entries
// of one unit and identifier, or one Docker log's lines of one host. An entry is already read
// when its position lies in a span of its stream; reading extends a span as long as positions
// rise, so a view read in order leaves one span, and an older export (below it) or a second
// unit of the same journal (another stream) is still read.

export interface Position {
  /** journald: `journal:` + the cursor's seqnum id; Docker: `docker:` + the source's name */
  scope: string;
  /** journald: unit and identifier; Docker: the lines' host */
  stream: string;
  at: bigint;
}

export type Span = [lo: bigint, hi: bigint];

/** Stored before streams were told apart: one span for a whole scope. */
export const ANY_STREAM = '*';
/** Spans kept per stream; past this the two closest merge (the gap between counts as read). */
export const MAX_SPANS = 32;

/** Sorted, disjoint spans; adding merges overlaps. */
export function addSpan(spans: Span[], lo: bigint, hi: bigint): Span[] {
  const out: Span[] = [];
  let cur: Span = [lo, hi];
  let placed = false;
  for (const s of spans) {
    if (s[1] < cur[0]) out.push(s);
    else if (s[0] > cur[1]) {
      if (!placed) out.push(cur);
      placed = true;
      out.push(s);
    } else cur = [s[0] < cur[0] ? s[0] : cur[0], s[1] > cur[1] ? s[1] : cur[1]];
  }
  if (!placed) out.push(cur);
  while (out.length > MAX_SPANS) {
    let best = 0;
    for (let i = 1; i < out.length - 1; i++) if (out[i + 1]![0] - out[i]![1] < out[best + 1]![0] - out[best]![1]) best = i;
    out.splice(best, 2, [out[best]![0], out[best + 1]![1]]);
  }
  return out;
}

export function inSpans(spans: readonly Span[], at: bigint): boolean {
  for (const s of spans) {
    if (at < s[0]) return false;
    if (at <= s[1]) return true;
  }
  return false;
}

/**
 * Positions that are times (a Docker log's, or a journal entry's without a cursor) can go back
 * within one log: a clock stepped back (NTP, a restored virtual machine). Within one input they
 * are then new entries, not ones read again; only what earlier runs and earlier inputs of this
 * run read counts. A journal's sequence numbers never go back in one view: an input that repeats
 * them holds the same entries twice (two overlapping exports one after the other).
 */
function isTimeScope(scope: string): boolean {
  return scope.startsWith('docker:') || scope.startsWith('journal-host:');
}

/** Whether `at` was read: in a stored span, or (sequence numbers only) earlier in this input. */
function readIn(s: StreamState, at: bigint): boolean {
  if (inSpans(s.spans, at) || inSpans(s.legacy, at)) return true;
  if (s.time) return false;
  return inSpans(s.input, at) || (s.open !== null && at >= s.open[0] && at <= s.open[1]);
}

interface StreamState {
  scope: string;
  stream: string;
  /** positions are times (isTimeScope) */
  time: boolean;
  /** spans stored before plus those of the inputs read before in this reading */
  spans: Span[];
  /** the scope's spans stored before streams were told apart */
  legacy: Span[];
  /** the runs of the input being read, closed when its positions went back */
  input: Span[];
  /** the run being read now */
  open: Span | null;
}

export interface SpanUpdate {
  scope: string;
  stream: string;
  spans: Span[];
}

/**
 * Decides which entries were read before and gathers what this reading adds. `load` gives a
 * stream's stored spans (called once per stream).
 */
export class ReadRanges {
  private readonly streams = new Map<string, StreamState>();
  private readonly dirty = new Set<StreamState>();
  /** entries skipped as already read */
  skipped = 0;

  constructor(private readonly load: (scope: string, stream: string) => Span[]) {}

  /** the stream of the last position asked about: entries in a row mostly share one */
  private last: StreamState | null = null;

  private state(p: Position): StreamState {
    const l = this.last;
    if (l !== null && l.scope === p.scope && l.stream === p.stream) return l;
    const key = `${p.scope}\u0000${p.stream}`;
    let s = this.streams.get(key);
    if (s === undefined) {
      s = { scope: p.scope, stream: p.stream, time: isTimeScope(p.scope), spans: this.load(p.scope, p.stream), legacy: this.load(p.scope, ANY_STREAM), input: [], open: null };
      this.streams.set(key, s);
    }
    this.last = s;
    return s;
  }

  /** What `seen` will say, without counting the position in. */
  wasRead(p: Position | null): boolean {
    return p !== null && readIn(this.state(p), p.at);
  }

  /**
   * True when the entry at `p` was read before (then it is to be skipped). Either way its
   * position joins the run being read: positions read in rising order make one span.
   */
  seen(p: Position | null): boolean {
    if (p === null) return false;
    const s = this.state(p);
    const seen = readIn(s, p.at);
    if (s.open === null) s.open = [p.at, p.at];
    else if (p.at >= s.open[1]) s.open[1] = p.at;
    else if (p.at < s.open[0]) {
      // the export went back (exports one after another, or a clock stepped back): the run so far is kept
      s.input = addSpan(s.input, s.open[0], s.open[1]);
      s.open = [p.at, p.at];
    }
    this.dirty.add(s);
    if (seen) this.skipped++;
    return seen;
  }

  /**
   * Ends the runs being read: the next input (another file) starts its own, so that a jump
   * between two files is not taken for a stretch of one view with nothing in between.
   */
  endInput(): void {
    for (const s of this.streams.values()) {
      s.spans = spansOf(s);
      s.input = [];
      s.open = null;
    }
  }

  /** The full spans of every stream touched since the last call, to store with the rows read. */
  take(): SpanUpdate[] {
    const out: SpanUpdate[] = [];
    for (const s of this.dirty) {
      out.push({ scope: s.scope, stream: s.stream, spans: spansOf(s) });
    }
    this.dirty.clear();
    return out;
  }
}

/** Every span read of a stream: before, and in this reading so far. */
function spansOf(s: StreamState): Span[] {
  let spans = s.spans;
  for (const [lo, hi] of s.input) spans = addSpan(spans, lo, hi);
  return s.open === null ? spans : addSpan(spans, s.open[0], s.open[1]);
}
