-- A notification is about a pair (pair_id <> 0: meeting reminders, nudges,
-- the bot's DMs about a pair) or about a person alone (pair_id = 0:
-- check-ins, goal reminders, matching). Planning reads each kind by its
-- owner, so each owner index holds only its own rows: a pair's rows no
-- longer go into the recipient index nor a person's into the pair index.
-- That is one index entry fewer to write for every notification planned
-- and every change of its status. A person's notifications about their
-- pairs are found through the pairs they are in (export, forget, nudges
-- stopping). The one DM about a pair to someone outside it, the good-fit
-- alert to admins, is the admin's own (pair 0).
UPDATE notifications SET pair_id = 0 WHERE kind = 'fit_admin';
DROP INDEX notifications_pair;
DROP INDEX notifications_recipient;
CREATE INDEX notifications_pair ON notifications(pair_id, status) WHERE pair_id <> 0;
CREATE INDEX notifications_recipient ON notifications(recipient_id, status) WHERE pair_id = 0;
