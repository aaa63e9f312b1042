-- Whether a session was logged on the day it was held, in the logger's
-- zone (held_on is then the logger's date of created_at): its day is read
-- from created_at in each reader's zone, since the logger's date may be
-- another day for the partner. 0 for one logged for a day picked before
-- it, whose held_on stays the date as typed, and for those logged before
-- this column, whose logger's zone is not known.
ALTER TABLE sessions ADD COLUMN held_today INTEGER NOT NULL DEFAULT 0;
