-- Who ran the /mentor match that made a round's drafts. With several
-- admins, one may replace another's unpublished proposal by running
-- /mentor match; the review that was replaced is only in the first
-- admin's Slack, so a Publish or Drop pressed on it names who replaced it.
-- '' for rows made before this column (and for none but drafts' rounds).
ALTER TABLE proposals ADD COLUMN created_by TEXT NOT NULL DEFAULT '';
