-- The zone a round's dates are read in ("today", its end date), saved when
-- it starts: read from its creator's profile each time, it shifted when
-- they changed zone or were forgotten. A round started before this keeps
-- the zone its creator has now; one whose creator has none reads its dates
-- in the programme's default zone (MENTORBOT_DEFAULT_TZ), as it started.
ALTER TABLE cohorts ADD COLUMN tz TEXT NOT NULL DEFAULT '';
UPDATE cohorts SET tz = COALESCE((SELECT tz FROM users WHERE user_id = cohorts.created_by), '');
