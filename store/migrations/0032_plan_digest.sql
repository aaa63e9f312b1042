-- What a full re-plan needs to know that a stored plan still stands
-- without reading its rows: when the plan was made and a digest of what
-- it wanted then (scheduler.Plan). 0: not recorded (a plan stored by an
-- older version), compared row by row. planned_at is in unix
-- nanoseconds: the plan is made again at that very instant.
ALTER TABLE plan_until ADD COLUMN planned_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE plan_until ADD COLUMN digest INTEGER NOT NULL DEFAULT 0;
