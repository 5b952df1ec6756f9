-- A syslog daemon that compresses repeats (FreeBSD's and other BSD-style syslogd, inetutils) writes a
-- message that comes again right after itself once, then "last message repeated N times": the notice
-- stands for the line before it. The last line read before a source's checkpoint is kept, so that a
-- run resumed between the two reads the notice as one run would.
ALTER TABLE sources ADD COLUMN prev_line TEXT;
