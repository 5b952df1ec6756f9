-- Every run reads back the sessions and messages still open (to go on with them); these
-- partial indexes hold just those rows, so that read does not scan whole tables that only grow.
-- The WHERE clauses are the ones store/sources.ts queries with, word for word.
CREATE INDEX sessions_open ON sessions (id) WHERE end_ts IS NULL AND (end_reason IS NULL OR end_reason <> 'unterminated');
CREATE INDEX messages_open ON messages (id) WHERE state IN ('open', 'held');
