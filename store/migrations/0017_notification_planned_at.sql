-- The time a notification was due before the dispatcher held it (quiet
-- hours moved it to their end): a nudge's unanswered round is reckoned
-- from when it was due, not from when the hold let it go. 0: due_at is
-- that time, as for every row made before this column and every row a
-- re-plan set.
ALTER TABLE notifications ADD COLUMN planned_at INTEGER NOT NULL DEFAULT 0;
