-- Socket Mode deliveries (slash commands, buttons, modal submissions) the
-- bot has taken on, so that Slack's redelivery of one whose ack was lost,
-- possibly to a restarted process, is not acted on twice. Each delivery
-- has a row per key: its envelope ID, and the user action's trigger ID,
-- which stays the same when Slack redelivers under a new envelope ID.
-- Rows older than a day are pruned: Slack stops retrying within minutes.
CREATE TABLE deliveries (
    key         TEXT PRIMARY KEY,              -- 'envelope:ID' or 'trigger:ID'
    received_at INTEGER NOT NULL,
    done_at     INTEGER NOT NULL DEFAULT 0,    -- 0: being handled, or the process stopped first
    reply       TEXT NOT NULL DEFAULT ''       -- the ack payload (JSON); '' = none
);
CREATE INDEX deliveries_received ON deliveries(received_at);
