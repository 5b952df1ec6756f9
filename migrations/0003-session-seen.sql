-- When a session was last heard of, so a run that resumes judges a silent session exactly
-- as an uninterrupted run would.
ALTER TABLE sessions ADD COLUMN seen_ts INTEGER;
