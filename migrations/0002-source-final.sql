-- A source that is never read again: a compressed file read to its end (it cannot grow),
-- or a rotated file that was already there when its live file was first analysed.
ALTER TABLE sources ADD COLUMN final INTEGER NOT NULL DEFAULT 0;
