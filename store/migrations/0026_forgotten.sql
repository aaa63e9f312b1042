-- Who used /mentor forget, and when: kept (with the rows Forget leaves, see
-- store/export.go) so that
-- `mentorbot restore` of a backup taken before their forget deletes their
-- data again (store/restore.go) rather than bring it back.
CREATE TABLE forgotten (
    user_id TEXT PRIMARY KEY,
    at      INTEGER NOT NULL
) WITHOUT ROWID;
