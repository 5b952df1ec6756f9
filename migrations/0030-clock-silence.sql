-- An open session or message has been silent for as long as its host's clock (host_clocks: the
-- latest time that host's lines have reached) has moved since a line of it was read, not for the
-- time between that line and the line that names it next. The clock then is kept with each row, so
-- a run that resumes judges as one run would, whatever the time of the line it resumes at: after a
-- line stamped ahead of the ones that follow it, a run cut there stored other ends than one run.
ALTER TABLE sessions ADD COLUMN seen_clock INTEGER;
ALTER TABLE messages ADD COLUMN last_clock INTEGER;

-- The rows a later run reads back. Their clock then is not known: their own last time is the
-- nearest (a host's clock is never behind a line of it). Rows no run reads again stay NULL.
UPDATE sessions SET seen_clock = seen_ts WHERE end_ts IS NULL;
UPDATE messages SET last_clock = last_ts WHERE state IN ('open', 'held');

-- The lookups of store/sources.ts and the store's abandonment of unqueued messages, by the clock.
DROP INDEX sessions_displaced;
CREATE INDEX sessions_displaced ON sessions (seen_clock) WHERE end_ts IS NULL AND end_reason = 'unterminated' AND client_port IS NULL;
DROP INDEX messages_unqueued;
CREATE INDEX messages_unqueued ON messages (host, last_clock) WHERE state = 'open' AND mta = 'postfix' AND nrcpt IS NULL;

-- A postscreen session that passed is now stored open until its DISCONNECT or ten minutes of silence,
-- and read back with the other open sessions: no run looks rows up by end_reason = 'pass' any more.
DROP INDEX sessions_passed;
