-- The schedules a pair had before its current one, so that the report
-- still counts their missed meetings after a new /mentor meet.
CREATE TABLE schedule_history (
    pair_id      INTEGER NOT NULL REFERENCES pairs(id),
    rule         TEXT NOT NULL,
    duration_min INTEGER NOT NULL,
    set_at       INTEGER NOT NULL,
    replaced_at  INTEGER NOT NULL
);
CREATE INDEX schedule_history_pair ON schedule_history(pair_id);
