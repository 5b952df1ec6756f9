-- With soft_bounce = yes Postfix logs a failure that would have bounced as status=SOFTBOUNCE and keeps the
-- message queued. Such rows were stored under that status, which no total, group or view counts: they are
-- the deferrals they are. A new run stores them as deferred from the start.
UPDATE deliveries SET status = 'deferred' WHERE status = 'SOFTBOUNCE';
