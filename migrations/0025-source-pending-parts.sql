-- Exim sending a long message or a reject log entry to syslog splits it into parts ("[1\8] ...",
-- "[2\8] ..."), and other processes' lines can come between them. Parts still waiting for the rest
-- of their message when a batch is committed are kept with the source's checkpoint, so that a run
-- resumed there (or the next batch) joins them as one run would.
ALTER TABLE sources ADD COLUMN pending_parts TEXT;
