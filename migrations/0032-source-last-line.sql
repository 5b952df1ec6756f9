-- Standard input and pipes have no name or inode to be known by. A stream is known again by its first
-- bytes (fingerprint), as a rotated file is, and goes on from its checkpoint; the line that ends at the
-- checkpoint is kept, so that a stream that begins the same way but is another one (a filtered copy of
-- the same log) is told apart where it differs instead of being skipped into blindly.
ALTER TABLE sources ADD COLUMN last_line TEXT;
