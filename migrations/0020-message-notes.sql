-- What happened to a message in the queue besides its delivery attempts: put on hold (Postfix's
-- cleanup HOLD action or postsuper -h) or frozen (Exim), released (postsuper -H) or thawed, requeued
-- (postsuper -r) or deleted by the administrator (postsuper -d, exim -Mrm). One row a log line; an
-- Exim message skipped by a queue run because it is frozen ("Message is frozen") is a 'frozen' row
-- each time. Rows exist only for lines read by this version on.
CREATE TABLE message_notes (
  id INTEGER PRIMARY KEY,
  ts INTEGER,
  host TEXT NOT NULL,
  mta TEXT NOT NULL,
  program TEXT NOT NULL,
  queue_id TEXT NOT NULL,
  -- NULL when the message itself was not read (its lines are in a log not analysed)
  message_row INTEGER,
  -- held | released | frozen | thawed | requeued | deleted
  what TEXT NOT NULL,
  detail TEXT,
  line TEXT NOT NULL
) STRICT;
CREATE INDEX message_notes_ts ON message_notes (ts);
