-- The programme report's feedback figures count answers in whole batches,
-- in the order they were given, a batch closing once it holds answers of
-- at least 5 different people (store.MinFeedbackAnswers; see
-- store/feedback_batches.go). Counted whenever there were 5 people behind
-- a figure, a figure moved by exactly each new answer, which an admin who
-- knew who had just answered could read off; counted by batches, it only
-- ever moves by the answers of 5 people or more.
--
-- A closed batch keeps its totals here, and deleting answers (/mentor
-- forget) leaves them: the figures would otherwise move by exactly the
-- answers deleted. The totals name nobody.
--
-- side is whose answers the batch holds: 'mentee' (ratings a pair's mentee
-- gave), 'mentor' (ratings its mentor gave), 'fit' (good-fit answers), or
-- 'ratings' (ratings of either side, made once below). people counts the
-- batch's people who are in no earlier batch of the same side; raters,
-- for ratings, those in no earlier batch of ratings of any side: summed,
-- they are how many different people the figures count.
CREATE TABLE feedback_batches (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    side        TEXT NOT NULL CHECK (side IN ('mentee','mentor','ratings','fit')),
    answers     INTEGER NOT NULL,
    people      INTEGER NOT NULL,
    raters      INTEGER NOT NULL DEFAULT 0,
    rating_sum  INTEGER NOT NULL DEFAULT 0,
    fit_yes     INTEGER NOT NULL DEFAULT 0,
    fit_unsure  INTEGER NOT NULL DEFAULT 0,
    fit_no      INTEGER NOT NULL DEFAULT 0
);

-- The batch an answer is counted in; NULL while its batch is open (and
-- always for a note, which no figure counts). No foreign key: batches are
-- never deleted, and a column in one could not be dropped.
ALTER TABLE feedback ADD COLUMN batch_id INTEGER;
-- The answers waiting, read with every answer given; and who was counted
-- before, read as a batch closes.
CREATE INDEX feedback_open ON feedback(created_at, id) WHERE batch_id IS NULL AND kind <> 'note';
CREATE INDEX feedback_counted ON feedback(from_id, batch_id) WHERE batch_id IS NOT NULL;

-- The answers given before: each figure the report showed then (5 people
-- or more behind it) becomes one batch, so that the report shows the same
-- totals after the upgrade and the change tells nothing; the answers of a
-- figure it held back wait for a batch like any new ones. When neither
-- side's ratings were shown but all ratings together were, they make one
-- batch of all ratings, counted in that figure only.
INSERT INTO feedback_batches (side, answers, people, raters, rating_sum)
    SELECT 'mentee', count(*), count(DISTINCT f.from_id), count(DISTINCT f.from_id), sum(f.rating)
    FROM feedback f JOIN pairs p ON p.id = f.pair_id
    WHERE f.kind = 'rating' AND f.rating BETWEEN 1 AND 5 AND f.from_id = p.mentee_id
    GROUP BY f.kind HAVING count(DISTINCT f.from_id) >= 5;
UPDATE feedback SET batch_id = (SELECT id FROM feedback_batches WHERE side = 'mentee')
    WHERE kind = 'rating' AND rating BETWEEN 1 AND 5 AND from_id = (SELECT mentee_id FROM pairs WHERE pairs.id = feedback.pair_id);

INSERT INTO feedback_batches (side, answers, people, raters, rating_sum)
    SELECT 'mentor', count(*), count(DISTINCT f.from_id),
        count(DISTINCT CASE WHEN f.from_id NOT IN (SELECT from_id FROM feedback WHERE batch_id IS NOT NULL) THEN f.from_id END),
        sum(f.rating)
    FROM feedback f JOIN pairs p ON p.id = f.pair_id
    WHERE f.kind = 'rating' AND f.rating BETWEEN 1 AND 5 AND f.from_id <> p.mentee_id
    GROUP BY f.kind HAVING count(DISTINCT f.from_id) >= 5;
UPDATE feedback SET batch_id = (SELECT id FROM feedback_batches WHERE side = 'mentor')
    WHERE kind = 'rating' AND rating BETWEEN 1 AND 5 AND from_id <> (SELECT mentee_id FROM pairs WHERE pairs.id = feedback.pair_id);

INSERT INTO feedback_batches (side, answers, people, raters, rating_sum)
    SELECT 'ratings', count(*), count(DISTINCT from_id), count(DISTINCT from_id), sum(rating)
    FROM feedback
    WHERE kind = 'rating' AND rating BETWEEN 1 AND 5 AND NOT EXISTS (SELECT 1 FROM feedback_batches)
    GROUP BY kind HAVING count(DISTINCT from_id) >= 5;
UPDATE feedback SET batch_id = (SELECT id FROM feedback_batches WHERE side = 'ratings')
    WHERE kind = 'rating' AND rating BETWEEN 1 AND 5 AND EXISTS (SELECT 1 FROM feedback_batches WHERE side = 'ratings');

INSERT INTO feedback_batches (side, answers, people, fit_yes, fit_unsure, fit_no)
    SELECT 'fit', count(*), count(DISTINCT from_id), sum(fit = 'yes'), sum(fit = 'unsure'), sum(fit = 'no')
    FROM feedback WHERE kind = 'fit' AND fit IN ('yes','unsure','no')
    GROUP BY kind HAVING count(DISTINCT from_id) >= 5;
UPDATE feedback SET batch_id = (SELECT id FROM feedback_batches WHERE side = 'fit')
    WHERE kind = 'fit' AND fit IN ('yes','unsure','no');
