-- One meeting of a pair's schedule moved to another time (/mentor move):
-- its row in meeting_skips says the occurrence at starts_at does not take
-- place there, and moved_to (unix seconds; 0 for a plain skip) where it
-- takes place instead. A move is thus a skip to everything that lists a
-- schedule's occurrences, plus one meeting at moved_to.
ALTER TABLE meeting_skips ADD COLUMN moved_to INTEGER NOT NULL DEFAULT 0;

-- Moving a meeting again, or skipping a moved one, updates its row.
CREATE TRIGGER skips_dirty_update AFTER UPDATE ON meeting_skips
BEGIN
    INSERT INTO plan_dirty SELECT 'pair', CAST(NEW.pair_id AS TEXT) WHERE NOT EXISTS (SELECT 1 FROM plan_dirty WHERE kind = 'pair' AND id = CAST(NEW.pair_id AS TEXT));
END;
