-- Open messages of earlier runs are read back one at a time, when a line names them, rather than
-- all at the start of each run (a queue of many thousands made every run slow and large).
-- The lookup by host and queue id:
CREATE INDEX messages_open_key ON messages (host, queue_id) WHERE state IN ('open', 'held');
-- A Postfix message the queue manager never saw is closed as abandoned after a day of its host's
-- log time, also when no line of it is read again: those messages by host and age.
CREATE INDEX messages_unqueued ON messages (host, last_ts) WHERE state = 'open' AND mta = 'postfix' AND nrcpt IS NULL;
