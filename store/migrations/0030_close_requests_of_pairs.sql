-- Making a pair closes the requests between the two, either way round
-- (closeRequestsOfPairTx); versions before that left them pending, each
-- still waiting for an answer, and an Accept of one whose pair had ended
-- since made the two a pair again. They are closed as a pair closes them:
-- cancelled with the pair that answered them, the first of the two made
-- when they were pending (at or after the request) or the one they have
-- now, at its making. One made after their last pair ended stays pending.
UPDATE pair_requests SET pair_id = (
    SELECT p.id FROM pairs AS p
    WHERE ((p.mentor_id = pair_requests.mentor_id AND p.mentee_id = pair_requests.requester_id)
        OR (p.mentor_id = pair_requests.requester_id AND p.mentee_id = pair_requests.mentor_id))
        AND (p.created_at >= pair_requests.created_at OR p.status <> 'ended')
    ORDER BY p.id LIMIT 1)
WHERE status = 'pending';
UPDATE pair_requests SET status = 'cancelled',
    answered_at = max(created_at, (SELECT p.created_at FROM pairs AS p WHERE p.id = pair_requests.pair_id))
WHERE status = 'pending' AND pair_id IS NOT NULL;
