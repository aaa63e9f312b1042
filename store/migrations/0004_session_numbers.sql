-- A session's position among its pair's sessions, in order of logging
-- (from 1). Planning needs it for the feedback prompt after every 4th, and
-- numbering a year of history per pair on every re-plan (a window over all
-- of a pair's sessions) was a quarter of a full re-plan's time.
ALTER TABLE sessions ADD COLUMN n INTEGER NOT NULL DEFAULT 0;
UPDATE sessions SET n = r.n
    FROM (SELECT id, row_number() OVER (PARTITION BY pair_id ORDER BY created_at, id) AS n FROM sessions) AS r
    WHERE sessions.id = r.id;
-- What planning reads of a pair: the sessions logged since a day, and
-- the last one.
CREATE INDEX sessions_pair_created ON sessions(pair_id, created_at);
