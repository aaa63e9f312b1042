-- Whether the mentee had had the agenda prompt of a meeting when it was
-- moved: 1 or 0, or -1 for a move made before this was recorded. The
-- planner gives a moved meeting no second prompt when they had, and one
-- when they had not; reckoned from the settings of the day instead, it
-- changed with the mentee's zone and quiet hours.
ALTER TABLE meeting_skips ADD COLUMN prompt_went INTEGER NOT NULL DEFAULT -1;
