-- Indexes that a year of history showed missing (mentorbot bench, 1,000
-- pairs): /session list read each session's to-dos by scanning every
-- to-do, and a goal's comments were found by scanning every comment (also
-- on the cascade when a goal is deleted).
CREATE INDEX todos_session ON todos(session_id);
CREATE INDEX goal_comments_goal ON goal_comments(goal_id, at);
-- A person's own notifications: their export, and forgetting them, which
-- would otherwise hold the write lock while it scans every notification.
CREATE INDEX notifications_recipient ON notifications(recipient_id, status);
