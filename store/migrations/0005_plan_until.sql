-- Until when each pair's and person's stored plan holds while nothing
-- about them changes: the instant a new notification enters its horizon,
-- or a meeting passing changes what is wanted (unix seconds). The daily
-- re-plan reads only the plans that ran out (and what changed, in
-- plan_dirty), not the whole programme. No row: nothing to plan until a
-- change marks it (an ended pair, someone in no live pair).
CREATE TABLE plan_until (
    kind  TEXT NOT NULL, -- 'pair' or 'user', as in plan_dirty
    id    TEXT NOT NULL,
    until INTEGER NOT NULL,
    PRIMARY KEY (kind, id)
) WITHOUT ROWID;
CREATE INDEX plan_until_due ON plan_until(kind, until);
