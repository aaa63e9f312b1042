-- Whether a failed notification was refused for good by Slack (the user
-- left, the channel is gone), so it surely never reached its recipient,
-- rather than given up after failures it may have survived: a mentoring
-- request whose DM was refused is withdrawn. It was told only by the text
-- of last_error, which a reworded error message would have stopped
-- matching. Rows failed before this column are told by that text, once.
ALTER TABLE notifications ADD COLUMN refused INTEGER NOT NULL DEFAULT 0;
UPDATE notifications SET refused = 1
	WHERE status = 'failed' AND substr(last_error, 1, length('permanent failure')) = 'permanent failure';
