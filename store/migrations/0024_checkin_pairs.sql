-- The pairs a check-in covered, recorded as it is rendered for sending:
-- a redraw after a pair is paused or ended lists exactly those, where
-- working them out again from the pairs' state went wrong (a snooze ended
-- and set anew since forgets the first, which had left its pair out).
-- One small row per check-in: pair_ids is their ids, comma-separated. It
-- goes with its notification (the retention that deletes settled
-- check-ins; foreign keys are on). A check-in sent before this has none:
-- its redraw works the pairs out as before.
CREATE TABLE checkin_pairs (
    notification_id INTEGER PRIMARY KEY REFERENCES notifications(id) ON DELETE CASCADE,
    pair_ids        TEXT NOT NULL
);
