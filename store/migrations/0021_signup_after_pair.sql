-- The greatest pairs.id when a sign-up was made (or made again after it
-- was answered or withdrawn): a live pair as a mentee with a greater id
-- was made since, and serves the sign-up; one made before does not (the
-- mentee asks for another mentor). Ids order what one second of
-- created_at cannot: a sign-up made in the second an admin paired the
-- same person. Older sign-ups keep what created_at said of them then:
-- pairs made in or after their second count as made since.
ALTER TABLE signups ADD COLUMN after_pair INTEGER NOT NULL DEFAULT 0;
UPDATE signups SET after_pair = COALESCE((SELECT MAX(id) FROM pairs WHERE pairs.created_at < signups.created_at), 0);
