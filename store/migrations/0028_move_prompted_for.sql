-- Where a moved meeting was (unix seconds) when the mentee last had its
-- agenda prompt, as of its latest move: 0 for no prompt yet, -1 for a move
-- made before this was recorded. The planner gives a moved meeting a new
-- prompt only when it moved at least the prompt's lead later than that;
-- reckoned from the settings of the day instead, it changed with the
-- mentee's zone and quiet hours.
ALTER TABLE meeting_skips ADD COLUMN prompted_for INTEGER NOT NULL DEFAULT -1;
