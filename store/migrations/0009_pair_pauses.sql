-- When each pair was paused, so that the programme report does not count
-- meetings that fell in a pause as missed, after the pair resumed too.
-- until_at 0: still paused. Pairs paused before this was kept are taken
-- as paused from the upgrade on (when they were paused is not known).
CREATE TABLE pair_pauses (
    pair_id  INTEGER NOT NULL REFERENCES pairs(id),
    from_at  INTEGER NOT NULL,
    until_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX pair_pauses_pair ON pair_pauses(pair_id);
INSERT INTO pair_pauses (pair_id, from_at) SELECT id, CAST(strftime('%s', 'now') AS INTEGER) FROM pairs WHERE status = 'paused';
