-- Exim logging to syslog writes a reject log line twice from one process, and under load another
-- process's line can come between the two. The last Exim syslog lines read (JSON: a [host, program, pid, message,
-- was a copy] entry each) are kept with the source's checkpoint, so that a run resumed between a line
-- and its copy finds the pair as one run would.
ALTER TABLE sources ADD COLUMN recent_exim TEXT;
