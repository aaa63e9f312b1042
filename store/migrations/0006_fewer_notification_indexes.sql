-- Every notification planned, claimed or sent updated five indexes besides
-- its key. Two of them served only questions that notifications_due
-- (status, due_at) answers as well: what is claimed and whose lease ran
-- out ('sending' rows: those in flight, a few), and what pending has
-- expired (expiring after its due time, it is due: the backlog).
DROP INDEX notifications_lease;
DROP INDEX notifications_expiry;
