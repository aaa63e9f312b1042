-- mentorbot schema, version 1. Times are stored as INTEGER unix seconds (UTC);
-- calendar dates (goal due dates, the day a session was held) as TEXT
-- 'YYYY-MM-DD'. Append new migrations; never edit a released one.

-- Slack profile cache and each person's own settings.
CREATE TABLE users (
    user_id        TEXT PRIMARY KEY,
    name           TEXT NOT NULL DEFAULT '',
    real_name      TEXT NOT NULL DEFAULT '',
    tz             TEXT NOT NULL DEFAULT '',      -- IANA name; '' = unknown
    is_admin       INTEGER NOT NULL DEFAULT 0,    -- workspace admin/owner per users.info
    deleted        INTEGER NOT NULL DEFAULT 0,
    is_bot         INTEGER NOT NULL DEFAULT 0,
    dm_channel     TEXT NOT NULL DEFAULT '',      -- conversations.open result, remembered
    fetched_at     INTEGER NOT NULL DEFAULT 0,    -- when users.info was last read; 0 = never
    -- settings; NULL means "the programme default"
    remind_before  TEXT,                          -- e.g. '24h,1h'; '' = no meeting reminders
    checkins_on    INTEGER NOT NULL DEFAULT 1,
    nudges_on      INTEGER NOT NULL DEFAULT 1,
    quiet_hours    TEXT,                          -- 'HH:MM-HH:MM'; '' = none
    -- reminder fatigue: nudges sent in a row without any response
    unanswered_nudges INTEGER NOT NULL DEFAULT 0,
    nudges_stopped_at INTEGER NOT NULL DEFAULT 0,
    last_active_at INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE cohorts (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    starts_on   TEXT NOT NULL,
    ends_on     TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','ended')),
    created_by  TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);

CREATE TABLE pairs (
    id            INTEGER PRIMARY KEY,
    mentor_id     TEXT NOT NULL REFERENCES users(user_id),
    mentee_id     TEXT NOT NULL REFERENCES users(user_id),
    status        TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','paused','ended')),
    created_by    TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    ended_at      INTEGER NOT NULL DEFAULT 0,
    ended_by      TEXT NOT NULL DEFAULT '',
    snoozed_until INTEGER NOT NULL DEFAULT 0,     -- nudges and check-ins wait until then
    cohort_id     INTEGER REFERENCES cohorts(id),
    CHECK (mentor_id <> mentee_id)
);
-- At most one live pair for the same two people in the same roles.
CREATE UNIQUE INDEX pairs_live ON pairs(mentor_id, mentee_id) WHERE status <> 'ended';
CREATE INDEX pairs_mentor ON pairs(mentor_id);
CREATE INDEX pairs_mentee ON pairs(mentee_id);

CREATE TABLE pair_requests (
    id           INTEGER PRIMARY KEY,
    requester_id TEXT NOT NULL,                   -- the would-be mentee
    mentor_id    TEXT NOT NULL,
    message      TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','accepted','declined','cancelled')),
    created_at   INTEGER NOT NULL,
    answered_at  INTEGER NOT NULL DEFAULT 0,
    pair_id      INTEGER REFERENCES pairs(id)
);
CREATE UNIQUE INDEX pair_requests_pending ON pair_requests(requester_id, mentor_id) WHERE status = 'pending';

-- A pair's meeting plan; a new /mentor meet replaces it.
CREATE TABLE schedules (
    pair_id      INTEGER PRIMARY KEY REFERENCES pairs(id),
    rule         TEXT NOT NULL,                   -- cadence.Rule encoding, zone included
    duration_min INTEGER NOT NULL,
    set_by       TEXT NOT NULL,
    set_at       INTEGER NOT NULL
);

CREATE TABLE meeting_skips (
    pair_id    INTEGER NOT NULL REFERENCES pairs(id),
    starts_at  INTEGER NOT NULL,
    skipped_by TEXT NOT NULL,
    skipped_at INTEGER NOT NULL,
    PRIMARY KEY (pair_id, starts_at)
);

CREATE TABLE goals (
    id          INTEGER PRIMARY KEY,              -- shown as #N
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
CREATE INDEX goals_owner ON goals(owner_id, status);

CREATE TABLE goal_progress (
    id        INTEGER PRIMARY KEY,
    goal_id   INTEGER NOT NULL REFERENCES goals(id) ON DELETE CASCADE,
    percent   INTEGER NOT NULL,
    note      TEXT NOT NULL DEFAULT '',
    by_user   TEXT NOT NULL,
    at        INTEGER NOT NULL
);
CREATE INDEX goal_progress_goal ON goal_progress(goal_id, at);

CREATE TABLE goal_comments (
    id        INTEGER PRIMARY KEY,
    goal_id   INTEGER NOT NULL REFERENCES goals(id) ON DELETE CASCADE,
    author_id TEXT NOT NULL,
    text      TEXT NOT NULL,
    at        INTEGER NOT NULL
);

CREATE TABLE sessions (
    id          INTEGER PRIMARY KEY,              -- shown as #N
    pair_id     INTEGER NOT NULL REFERENCES pairs(id),
    held_on     TEXT NOT NULL,                    -- 'YYYY-MM-DD' in the logger's zone
    meeting_at  INTEGER NOT NULL DEFAULT 0,       -- the scheduled occurrence it belongs to; 0 = none
    notes       TEXT NOT NULL DEFAULT '',
    logged_by   TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX sessions_pair ON sessions(pair_id, held_on);

CREATE TABLE todos (
    id          INTEGER PRIMARY KEY,              -- shown as #N
    pair_id     INTEGER NOT NULL REFERENCES pairs(id),
    session_id  INTEGER REFERENCES sessions(id),
    owner_id    TEXT NOT NULL,
    text        TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','done')),
    created_at  INTEGER NOT NULL,
    done_at     INTEGER NOT NULL DEFAULT 0,
    done_by     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX todos_pair ON todos(pair_id, status);
CREATE INDEX todos_owner ON todos(owner_id, status);

CREATE TABLE agenda_items (
    id          INTEGER PRIMARY KEY,
    pair_id     INTEGER NOT NULL REFERENCES pairs(id),
    author_id   TEXT NOT NULL,
    text        TEXT NOT NULL,
    meeting_at  INTEGER NOT NULL DEFAULT 0,       -- the meeting it was added for; 0 = next one
    status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','covered')),
    session_id  INTEGER REFERENCES sessions(id),  -- where it was covered
    created_at  INTEGER NOT NULL
);
CREATE INDEX agenda_pair ON agenda_items(pair_id, status);

CREATE TABLE feedback (
    id          INTEGER PRIMARY KEY,
    pair_id     INTEGER NOT NULL REFERENCES pairs(id),
    from_id     TEXT NOT NULL,
    to_id       TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('note','rating','fit')),
    rating      INTEGER NOT NULL DEFAULT 0,       -- 1..5 for 'rating'; 0 otherwise
    fit         TEXT NOT NULL DEFAULT '',         -- 'yes','unsure','no' for 'fit'
    text        TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL
);
CREATE INDEX feedback_pair ON feedback(pair_id);

-- Durable notifications. key is the stable identity, e.g.
-- 'reminder:24h:pair=3:at=1767261600:to=U1'; planning the same key twice is a no-op.
CREATE TABLE notifications (
    id           INTEGER PRIMARY KEY,
    key          TEXT NOT NULL UNIQUE,
    kind         TEXT NOT NULL,
    recipient_id TEXT NOT NULL,
    pair_id      INTEGER NOT NULL DEFAULT 0,
    ref          TEXT NOT NULL DEFAULT '',        -- what it is about (meeting time, goal id, week)
    due_at       INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,                -- after this it no longer makes sense: dropped
    status       TEXT NOT NULL DEFAULT 'pending'
                 CHECK (status IN ('pending','sending','sent','dropped','cancelled','failed')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    lease_until  INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT NOT NULL DEFAULT '',
    channel      TEXT NOT NULL DEFAULT '',
    ts           TEXT NOT NULL DEFAULT '',
    payload      TEXT NOT NULL DEFAULT '',        -- pre-rendered message JSON; '' = rendered when sent
    created_at   INTEGER NOT NULL,
    sent_at      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX notifications_due ON notifications(status, due_at);
CREATE INDEX notifications_lease ON notifications(status, lease_until);
CREATE INDEX notifications_expiry ON notifications(status, expires_at);
CREATE INDEX notifications_pair ON notifications(pair_id, status);

-- Matching sign-ups and topics (programme rounds).
CREATE TABLE topics (
    name TEXT PRIMARY KEY COLLATE NOCASE
);

CREATE TABLE signups (
    user_id     TEXT PRIMARY KEY,
    role        TEXT NOT NULL CHECK (role IN ('mentor','mentee','both')),
    topics      TEXT NOT NULL DEFAULT '',         -- comma-separated
    cadence     TEXT NOT NULL DEFAULT 'biweekly',
    capacity    INTEGER NOT NULL DEFAULT 1,
    manager_id  TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    status      TEXT NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting','matched','withdrawn'))
);

CREATE TABLE proposals (
    id          INTEGER PRIMARY KEY,
    round       INTEGER NOT NULL,
    mentor_id   TEXT NOT NULL,
    mentee_id   TEXT NOT NULL,
    reasons     TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'draft'
                CHECK (status IN ('draft','proposed','accepted','declined','dropped')),
    mentor_ok   INTEGER NOT NULL DEFAULT 0,
    mentee_ok   INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL
);

-- Planning bookkeeping. A change to what the scheduler plans from marks
-- the pair or person in the same transaction (the triggers below), and a
-- re-plan of them clears the mark in its own. A mark left behind by a
-- crash between the two is re-planned at the next start or dispatcher
-- pass, so a restart re-plans what changed rather than the whole
-- programme.
CREATE TABLE plan_dirty (
    kind TEXT NOT NULL CHECK (kind IN ('pair','user')),
    id   TEXT NOT NULL,                           -- pair id or user id
    PRIMARY KEY (kind, id)
) WITHOUT ROWID;

-- name/value state of the scheduler: when the last full plan ran, and the
-- configuration it planned with.
CREATE TABLE scheduler_state (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- Marks are written with NOT EXISTS rather than OR IGNORE: an upsert's
-- conflict clause would override a trigger's.
CREATE TRIGGER pairs_dirty_insert AFTER INSERT ON pairs
BEGIN
    INSERT INTO plan_dirty SELECT 'pair', CAST(NEW.id AS TEXT) WHERE NOT EXISTS (SELECT 1 FROM plan_dirty WHERE kind = 'pair' AND id = CAST(NEW.id AS TEXT));
    INSERT INTO plan_dirty SELECT 'user', NEW.mentor_id WHERE NOT EXISTS (SELECT 1 FROM plan_dirty WHERE kind = 'user' AND id = NEW.mentor_id);
    INSERT INTO plan_dirty SELECT 'user', NEW.mentee_id WHERE NOT EXISTS (SELECT 1 FROM plan_dirty WHERE kind = 'user' AND id = NEW.mentee_id);
END;
CREATE TRIGGER pairs_dirty_update AFTER UPDATE ON pairs
WHEN OLD.status IS NOT NEW.status OR OLD.snoozed_until IS NOT NEW.snoozed_until OR OLD.created_at IS NOT NEW.created_at
  OR OLD.mentor_id IS NOT NEW.mentor_id OR OLD.mentee_id IS NOT NEW.mentee_id
BEGIN
    INSERT INTO plan_dirty SELECT 'pair', CAST(NEW.id AS TEXT) WHERE NOT EXISTS (SELECT 1 FROM plan_dirty WHERE kind = 'pair' AND id = CAST(NEW.id AS TEXT));
    INSERT INTO plan_dirty SELECT 'user', NEW.mentor_id WHERE NOT EXISTS (SELECT 1 FROM plan_dirty WHERE kind = 'user' AND id = NEW.mentor_id);
    INSERT INTO plan_dirty SELECT 'user', NEW.mentee_id WHERE NOT EXISTS (SELECT 1 FROM plan_dirty WHERE kind = 'user' AND id = NEW.mentee_id);
    INSERT INTO plan_dirty SELECT 'user', OLD.mentor_id WHERE NOT EXISTS (SELECT 1 FROM plan_dirty WHERE kind = 'user' AND id = OLD.mentor_id);
    INSERT INTO plan_dirty SELECT 'user', OLD.mentee_id WHERE NOT EXISTS (SELECT 1 FROM plan_dirty WHERE kind = 'user' AND id = OLD.mentee_id);
END;
CREATE TRIGGER pairs_dirty_delete AFTER DELETE ON pairs
BEGIN
    INSERT INTO plan_dirty SELECT 'pair', CAST(OLD.id AS TEXT) WHERE NOT EXISTS (SELECT 1 FROM plan_dirty WHERE kind = 'pair' AND id = CAST(OLD.id AS TEXT));
    INSERT INTO plan_dirty SELECT 'user', OLD.mentor_id WHERE NOT EXISTS (SELECT 1 FROM plan_dirty WHERE kind = 'user' AND id = OLD.mentor_id);
    INSERT INTO plan_dirty SELECT 'user', OLD.mentee_id WHERE NOT EXISTS (SELECT 1 FROM plan_dirty WHERE kind = 'user' AND id = OLD.mentee_id);
END;
CREATE TRIGGER schedules_dirty_insert AFTER INSERT ON schedules
BEGIN
    INSERT INTO plan_dirty SELECT 'pair', CAST(NEW.pair_id AS TEXT) WHERE NOT EXISTS (SELECT 1 FROM plan_dirty WHERE kind = 'pair' AND id = CAST(NEW.pair_id AS TEXT));
END;
CREATE TRIGGER schedules_dirty_update AFTER UPDATE ON schedules
BEGIN
    INSERT INTO plan_dirty SELECT 'pair', CAST(NEW.pair_id AS TEXT) WHERE NOT EXISTS (SELECT 1 FROM plan_dirty WHERE kind = 'pair' AND id = CAST(NEW.pair_id AS TEXT));
END;
CREATE TRIGGER schedules_dirty_delete AFTER DELETE ON schedules
BEGIN
    INSERT INTO plan_dirty SELECT 'pair', CAST(OLD.pair_id AS TEXT) WHERE NOT EXISTS (SELECT 1 FROM plan_dirty WHERE kind = 'pair' AND id = CAST(OLD.pair_id AS TEXT));
END;
CREATE TRIGGER skips_dirty_insert AFTER INSERT ON meeting_skips
BEGIN
    INSERT INTO plan_dirty SELECT 'pair', CAST(NEW.pair_id AS TEXT) WHERE NOT EXISTS (SELECT 1 FROM plan_dirty WHERE kind = 'pair' AND id = CAST(NEW.pair_id AS TEXT));
END;
CREATE TRIGGER skips_dirty_delete AFTER DELETE ON meeting_skips
BEGIN
    INSERT INTO plan_dirty SELECT 'pair', CAST(OLD.pair_id AS TEXT) WHERE NOT EXISTS (SELECT 1 FROM plan_dirty WHERE kind = 'pair' AND id = CAST(OLD.pair_id AS TEXT));
END;
CREATE TRIGGER sessions_dirty_insert AFTER INSERT ON sessions
BEGIN
    INSERT INTO plan_dirty SELECT 'pair', CAST(NEW.pair_id AS TEXT) WHERE NOT EXISTS (SELECT 1 FROM plan_dirty WHERE kind = 'pair' AND id = CAST(NEW.pair_id AS TEXT));
END;
CREATE TRIGGER sessions_dirty_update AFTER UPDATE OF pair_id, held_on, meeting_at, created_at ON sessions
BEGIN
    INSERT INTO plan_dirty SELECT 'pair', CAST(NEW.pair_id AS TEXT) WHERE NOT EXISTS (SELECT 1 FROM plan_dirty WHERE kind = 'pair' AND id = CAST(NEW.pair_id AS TEXT));
    INSERT INTO plan_dirty SELECT 'pair', CAST(OLD.pair_id AS TEXT) WHERE NOT EXISTS (SELECT 1 FROM plan_dirty WHERE kind = 'pair' AND id = CAST(OLD.pair_id AS TEXT));
END;
CREATE TRIGGER sessions_dirty_delete AFTER DELETE ON sessions
BEGIN
    INSERT INTO plan_dirty SELECT 'pair', CAST(OLD.pair_id AS TEXT) WHERE NOT EXISTS (SELECT 1 FROM plan_dirty WHERE kind = 'pair' AND id = CAST(OLD.pair_id AS TEXT));
END;
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
-- A person's zone and settings shape their pairs' reminders too.
CREATE TRIGGER users_dirty_update AFTER UPDATE ON users
WHEN OLD.tz IS NOT NEW.tz OR OLD.remind_before IS NOT NEW.remind_before OR OLD.checkins_on IS NOT NEW.checkins_on
  OR OLD.nudges_on IS NOT NEW.nudges_on OR OLD.quiet_hours IS NOT NEW.quiet_hours
  OR OLD.nudges_stopped_at IS NOT NEW.nudges_stopped_at OR OLD.deleted IS NOT NEW.deleted OR OLD.is_bot IS NOT NEW.is_bot
BEGIN
    INSERT INTO plan_dirty SELECT 'user', NEW.user_id WHERE NOT EXISTS (SELECT 1 FROM plan_dirty WHERE kind = 'user' AND id = NEW.user_id);
    INSERT INTO plan_dirty SELECT 'pair', CAST(id AS TEXT) FROM pairs p WHERE (mentor_id = NEW.user_id OR mentee_id = NEW.user_id)
        AND status <> 'ended' AND NOT EXISTS (SELECT 1 FROM plan_dirty WHERE kind = 'pair' AND id = CAST(p.id AS TEXT));
END;
