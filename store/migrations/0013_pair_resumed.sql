-- When a pair last resumed its meetings: the reminders and agenda prompt
-- of its first meeting after the resume that fell due during the pause
-- go at the resume, as after downtime (the planner reads it with the
-- pair, with no look-up of pair_pauses for every pair planned). It
-- changes with the pair's status, which pairs_dirty_update watches.
ALTER TABLE pairs ADD COLUMN resumed_at INTEGER NOT NULL DEFAULT 0;
UPDATE pairs SET resumed_at = COALESCE((SELECT max(until_at) FROM pair_pauses WHERE pair_id = pairs.id), 0);
