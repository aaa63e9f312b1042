-- Moves made before migration 28 have prompted_for -1, and the planner
-- guessed from the settings of today whether their meeting's prompt had
-- gone (a guess that changed with the mentee's zone). Where the prompts
-- tell, they say it: the latest agenda prompt sent, or being sent, to the
-- pair's mentee for the meeting's first time or the time it was moved to,
-- as MoveMeetingTx looks for it (a prompt being sent first: should it not
-- go, MarkObsolete and the like set the row back to 0). A row with none on
-- record keeps -1: its prompt may have gone for a time an earlier move had
-- it, which no row keeps, or been deleted as settled long ago. Only rows
-- that change are updated, so that only their pairs are planned again.
UPDATE meeting_skips SET prompted_for = (
    SELECT CAST(n.ref AS INTEGER) FROM notifications AS n INDEXED BY notifications_pair
    WHERE n.pair_id <> 0 AND n.pair_id = meeting_skips.pair_id AND n.status IN ('sending', 'sent') AND n.kind = 'agenda_prompt'
        AND n.ref IN (CAST(meeting_skips.starts_at AS TEXT), CAST(meeting_skips.moved_to AS TEXT))
    ORDER BY n.status = 'sending' DESC, n.sent_at DESC LIMIT 1)
WHERE prompted_for = -1 AND moved_to <> 0 AND EXISTS (
    SELECT 1 FROM notifications AS n INDEXED BY notifications_pair
    WHERE n.pair_id <> 0 AND n.pair_id = meeting_skips.pair_id AND n.status IN ('sending', 'sent') AND n.kind = 'agenda_prompt'
        AND n.ref IN (CAST(meeting_skips.starts_at AS TEXT), CAST(meeting_skips.moved_to AS TEXT)));
