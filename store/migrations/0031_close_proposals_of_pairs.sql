-- Making a pair closes the published matching proposals between the two
-- that still wait for answers, either way round (CloseProposalsOfPairTx),
-- as it closes the requests between them (migration 30). Versions before
-- that left them open: each was counted as waiting for answers, and its
-- two were reminded to answer it and told when it lapsed, while a pair.
-- They are closed as a pair closes them now, dropped, when the two were
-- paired while the proposal was open: from its publication (created_at)
-- to its lapse 14 days later (store.ProposalTTL), whether that pair has
-- ended since or not. One that lapsed before the two were paired stays
-- as it is: it lapsed.
UPDATE proposals SET status = 'dropped'
WHERE round > 0 AND status = 'proposed' AND EXISTS (
    SELECT 1 FROM pairs AS p
    WHERE ((p.mentor_id = proposals.mentor_id AND p.mentee_id = proposals.mentee_id)
        OR (p.mentor_id = proposals.mentee_id AND p.mentee_id = proposals.mentor_id))
        AND p.created_at >= proposals.created_at AND p.created_at < proposals.created_at + 1209600);
