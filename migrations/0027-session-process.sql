-- The process serving an Exim connection, as the middle part of its message ids names it (the pid of
-- the receiving process, in base 62). Two connections at once from one address, with no port logged,
-- are told apart by it: a run that resumes reads it back with the connections still open.
ALTER TABLE sessions ADD COLUMN proc TEXT;
