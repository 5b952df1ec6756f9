-- What happened to a message in the queue besides its delivery attempts: put on hold (Postfix's
-- cleanup HOLD action or postsuper -h) or frozen (Exim), released (postsuper -H) or thawed, requeued
-- (postsuper -r) or deleted by the administrator (postsuper -d, exim -Mrm). One row a log line,
-- except Exim's "Message is frozen" (a queue run skipped a frozen message): a 'frozen' row only when
-- no freeze of that message was read before. Rows exist only for lines read by this version on.
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
-- the report asks whether an incomplete message is frozen; notes are few, so the index costs little
CREATE INDEX message_notes_message ON message_notes (message_row) WHERE message_row IS NOT NULL;
