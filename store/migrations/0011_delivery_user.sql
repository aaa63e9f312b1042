-- Who a delivery's kept answer was for, so that /mentor forget can delete
-- the answers kept for that person's own commands ('' = not recorded: the
-- delivery was not finished, or was finished before this column existed).
ALTER TABLE deliveries ADD COLUMN user_id TEXT NOT NULL DEFAULT '';
