-- Whether a claim under way was made by the holder of the sender lock
-- (store/senderlock.go). The process that takes the lock next ends only
-- such leases at once: their process is dead, since it held the lock.
-- A claim made without the lock (a mentorbot from before it, during the
-- rolling deploy that upgrades to this one; a process that could not take
-- it) may be a live process's send under way, and is waited out. A claim
-- waiting to be retried after a failure is no send under way either.
ALTER TABLE notifications ADD COLUMN lease_locked INTEGER NOT NULL DEFAULT 0;
