-- The pid of the process serving an Exim connection, as its lines name it (log_selector +pid, or a
-- syslog tag) or, without, the middle part of its message ids (the receiving process's pid in base 62).
-- Two connections at once from one address, with no port logged, are told apart by it: a run that
-- resumes reads it back with the connections still open.
ALTER TABLE sessions ADD COLUMN proc TEXT;
