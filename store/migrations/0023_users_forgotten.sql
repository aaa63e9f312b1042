-- When the person last asked to be forgotten (/mentor forget); 0 when
-- never, or when they have used the bot since. While it is set, what
-- Slack says of them (users.info, user_change) is used but not stored: a
-- former partner's action must not store again the profile they asked
-- to have deleted.
ALTER TABLE users ADD COLUMN forgotten_at INTEGER NOT NULL DEFAULT 0;
