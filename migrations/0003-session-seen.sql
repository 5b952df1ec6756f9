-- When a session was last heard of, so a run that resumes judges a silent session exactly
-- as an uninterrupted run would.
ALTER TABLE sessions ADD COLUMN seen_ts INTEGER;
-- The client's port: postscreen screens many clients in one process, so its sessions are
-- keyed by client address and port, and a resumed run must find them again.
ALTER TABLE sessions ADD COLUMN client_port INTEGER;
