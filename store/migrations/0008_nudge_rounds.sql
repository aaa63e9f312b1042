-- When a person's last counted nudge went out. Nudges that arrive
-- together (those held by quiet hours, released at once in the morning)
-- are one round: a person cannot have left three of them unanswered in the
-- seconds between them.
ALTER TABLE users ADD COLUMN last_nudge_at INTEGER NOT NULL DEFAULT 0;
