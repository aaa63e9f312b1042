-- When the pair's current snooze was set; 0 for one set before this
-- column (or none). A check-in redrawn after it was sent covers the pairs
-- it covered then: not one snoozed at that moment, but one snoozed since.
ALTER TABLE pairs ADD COLUMN snoozed_at INTEGER NOT NULL DEFAULT 0;
