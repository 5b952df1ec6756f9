-- A connection whose DATA command was refused ("reject: DATA from …", "milter-reject: DATA from …") never
-- got its 354: a "lost connection after DATA" with no byte count after it is no stalled transfer. An open
-- session keeps this with its row (1; NULL otherwise), so that a run cut between the two lines judges
-- as one run would. Earlier rows stay NULL.
ALTER TABLE sessions ADD COLUMN data_refused INTEGER;
