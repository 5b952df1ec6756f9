-- An Exim connection keyed by its client's address alone (no +incoming_port) that another connection
-- from the same address displaced is stored as unterminated until its closing line comes (it may come
-- in the next run). Every run reads back those seen in the last hour of log time: this partial index
-- holds the rows store/sources.ts asks for, so that read does not scan a table that only grows.
CREATE INDEX sessions_displaced ON sessions (seen_ts) WHERE end_ts IS NULL AND end_reason = 'unterminated' AND client_port IS NULL;
