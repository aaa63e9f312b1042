-- Request numbers are never given again either (see migration 14). A
-- request's DM to the mentor is keyed by its number ("request:N") and
-- outlives the request when /mentor forget deletes it: a number given
-- again found that key taken, so the new request's DM was never queued,
-- and a sweep of undelivered requests read the old DM's fate as the new
-- request's. The table is rebuilt with AUTOINCREMENT, and its sequence
-- starts past every number a request DM was ever keyed by.

CREATE TABLE pair_requests_new (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    requester_id TEXT NOT NULL,                   -- the would-be mentee
    mentor_id    TEXT NOT NULL,
    message      TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','accepted','declined','cancelled')),
    created_at   INTEGER NOT NULL,
    answered_at  INTEGER NOT NULL DEFAULT 0,
    pair_id      INTEGER REFERENCES pairs(id)
);
INSERT INTO pair_requests_new (id, requester_id, mentor_id, message, status, created_at, answered_at, pair_id)
    SELECT id, requester_id, mentor_id, message, status, created_at, answered_at, pair_id FROM pair_requests;
DROP TABLE pair_requests;
ALTER TABLE pair_requests_new RENAME TO pair_requests;
CREATE UNIQUE INDEX pair_requests_pending ON pair_requests(requester_id, mentor_id) WHERE status = 'pending';

INSERT INTO sqlite_sequence (name, seq)
    SELECT 'pair_requests', 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'pair_requests');
UPDATE sqlite_sequence
    SET seq = max(seq, (SELECT coalesce(max(CAST(substr(key, 9) AS INTEGER)), 0) FROM notifications WHERE key GLOB 'request:[0-9]*'))
    WHERE name = 'pair_requests';
