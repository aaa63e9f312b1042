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
