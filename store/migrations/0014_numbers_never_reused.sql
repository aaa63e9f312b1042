-- The numbers people see and buttons carry (goals and to-dos as #N,
-- agenda items and feedback in buttons) are never given again. Without
-- AUTOINCREMENT SQLite gives a new row the highest number in the table
-- plus one, so after /mentor forget deleted the newest rows their numbers
-- went to the next ones: a Done button on an old DM, or a number someone
-- remembered, then named another pair's to-do. Each table is rebuilt with
-- AUTOINCREMENT, by SQLite's procedure for changing a table's definition
-- (foreign keys are off while a migration runs; see store.migrateOne).

CREATE TABLE goals_new (
    id          INTEGER PRIMARY KEY AUTOINCREMENT, -- shown as #N
    owner_id    TEXT NOT NULL REFERENCES users(user_id),  -- the mentee
    text        TEXT NOT NULL,
    measure     TEXT NOT NULL DEFAULT '',
    why         TEXT NOT NULL DEFAULT '',
    due_on      TEXT NOT NULL DEFAULT '',         -- 'YYYY-MM-DD' or ''
    status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','done','dropped')),
    progress    INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    closed_at   INTEGER NOT NULL DEFAULT 0
);
INSERT INTO goals_new (id, owner_id, text, measure, why, due_on, status, progress, created_at, updated_at, closed_at)
    SELECT id, owner_id, text, measure, why, due_on, status, progress, created_at, updated_at, closed_at FROM goals;
DROP TABLE goals;
ALTER TABLE goals_new RENAME TO goals;
CREATE INDEX goals_owner ON goals(owner_id, status);
CREATE TRIGGER goals_dirty_insert AFTER INSERT ON goals
BEGIN
    INSERT INTO plan_dirty SELECT 'user', NEW.owner_id WHERE NOT EXISTS (SELECT 1 FROM plan_dirty WHERE kind = 'user' AND id = NEW.owner_id);
END;
CREATE TRIGGER goals_dirty_update AFTER UPDATE ON goals
WHEN OLD.status IS NOT NEW.status OR OLD.due_on IS NOT NEW.due_on OR OLD.owner_id IS NOT NEW.owner_id OR OLD.created_at IS NOT NEW.created_at
BEGIN
    INSERT INTO plan_dirty SELECT 'user', NEW.owner_id WHERE NOT EXISTS (SELECT 1 FROM plan_dirty WHERE kind = 'user' AND id = NEW.owner_id);
    INSERT INTO plan_dirty SELECT 'user', OLD.owner_id WHERE NOT EXISTS (SELECT 1 FROM plan_dirty WHERE kind = 'user' AND id = OLD.owner_id);
END;
CREATE TRIGGER goals_dirty_delete AFTER DELETE ON goals
BEGIN
    INSERT INTO plan_dirty SELECT 'user', OLD.owner_id WHERE NOT EXISTS (SELECT 1 FROM plan_dirty WHERE kind = 'user' AND id = OLD.owner_id);
END;

CREATE TABLE todos_new (
    id          INTEGER PRIMARY KEY AUTOINCREMENT, -- shown as #N
    pair_id     INTEGER NOT NULL REFERENCES pairs(id),
    session_id  INTEGER REFERENCES sessions(id),
    owner_id    TEXT NOT NULL,
    text        TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','done')),
    created_at  INTEGER NOT NULL,
    done_at     INTEGER NOT NULL DEFAULT 0,
    done_by     TEXT NOT NULL DEFAULT ''
);
INSERT INTO todos_new (id, pair_id, session_id, owner_id, text, status, created_at, done_at, done_by)
    SELECT id, pair_id, session_id, owner_id, text, status, created_at, done_at, done_by FROM todos;
DROP TABLE todos;
ALTER TABLE todos_new RENAME TO todos;
CREATE INDEX todos_pair ON todos(pair_id, status);
CREATE INDEX todos_owner ON todos(owner_id, status);
CREATE INDEX todos_session ON todos(session_id);

CREATE TABLE agenda_items_new (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    pair_id     INTEGER NOT NULL REFERENCES pairs(id),
    author_id   TEXT NOT NULL,
    text        TEXT NOT NULL,
    meeting_at  INTEGER NOT NULL DEFAULT 0,       -- the meeting it was added for; 0 = next one
    status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','covered')),
    session_id  INTEGER REFERENCES sessions(id),  -- where it was covered
    created_at  INTEGER NOT NULL
);
INSERT INTO agenda_items_new (id, pair_id, author_id, text, meeting_at, status, session_id, created_at)
    SELECT id, pair_id, author_id, text, meeting_at, status, session_id, created_at FROM agenda_items;
DROP TABLE agenda_items;
ALTER TABLE agenda_items_new RENAME TO agenda_items;
CREATE INDEX agenda_pair ON agenda_items(pair_id, status);

CREATE TABLE feedback_new (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    pair_id     INTEGER NOT NULL REFERENCES pairs(id),
    from_id     TEXT NOT NULL,
    to_id       TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('note','rating','fit')),
    rating      INTEGER NOT NULL DEFAULT 0,       -- 1..5 for 'rating'; 0 otherwise
    fit         TEXT NOT NULL DEFAULT '',         -- 'yes','unsure','no' for 'fit'
    text        TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL
);
INSERT INTO feedback_new (id, pair_id, from_id, to_id, kind, rating, fit, text, created_at)
    SELECT id, pair_id, from_id, to_id, kind, rating, fit, text, created_at FROM feedback;
DROP TABLE feedback;
ALTER TABLE feedback_new RENAME TO feedback;
CREATE INDEX feedback_pair ON feedback(pair_id);
