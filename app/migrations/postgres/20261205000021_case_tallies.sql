-- Handling quality in numbers (issue 19; domain::stats, docs/adr-017).
-- Each case adds to daily tallies per Shanghai day, category, town, unit
-- and channel; every change of a case moves the tallies by the difference
-- in the same transaction, so the dashboard sums tallies, never cases.

-- Where a case came in (the web form; Open311 channels later).
ALTER TABLE cases ADD COLUMN channel TEXT NOT NULL DEFAULT 'web';
-- The first answer (a reply, or a decision not to accept or to transfer):
-- when, which, and the working days it took from receipt, fixed when
-- given (a later change of the holiday calendar does not rewrite it).
ALTER TABLE cases ADD COLUMN answered_at TEXT;
ALTER TABLE cases ADD COLUMN answer TEXT CHECK (answer IN ('reply', 'rejected', 'transferred'));
ALTER TABLE cases ADD COLUMN answer_days BIGINT;
-- Received within 30 days after a case about the same source closed.
ALTER TABLE cases ADD COLUMN is_repeat BIGINT NOT NULL DEFAULT 0;

UPDATE cases SET answered_at = (
    SELECT MIN(e.at) FROM case_events e
    WHERE e.case_id = cases.id AND e.kind IN ('replied', 'rejected', 'transferred')
);
UPDATE cases SET answer = (
    SELECT CASE e.kind WHEN 'replied' THEN 'reply' ELSE e.kind END FROM case_events e
    WHERE e.case_id = cases.id AND e.at = cases.answered_at
      AND e.kind IN ('replied', 'rejected', 'transferred')
    ORDER BY e.seq LIMIT 1
) WHERE answered_at IS NOT NULL;

-- The counts of domain::stats::Counts; d00..d24 count answered cases per
-- handling-time bucket (domain::stats::BUCKETS). `unit` is '' before
-- dispatch.
CREATE TABLE case_tallies (
    day TEXT NOT NULL,
    category TEXT NOT NULL,
    town TEXT NOT NULL,
    unit TEXT NOT NULL,
    channel TEXT NOT NULL,
    intake BIGINT NOT NULL DEFAULT 0,
    repeats BIGINT NOT NULL DEFAULT 0,
    in_charge BIGINT NOT NULL DEFAULT 0,
    exited BIGINT NOT NULL DEFAULT 0,
    answered BIGINT NOT NULL DEFAULT 0,
    on_time BIGINT NOT NULL DEFAULT 0,
    replied BIGINT NOT NULL DEFAULT 0,
    rated BIGINT NOT NULL DEFAULT 0,
    satisfied BIGINT NOT NULL DEFAULT 0,
    reviewed BIGINT NOT NULL DEFAULT 0,
    charge_settled BIGINT NOT NULL DEFAULT 0,
    days_sum BIGINT NOT NULL DEFAULT 0,
    d00 BIGINT NOT NULL DEFAULT 0, d01 BIGINT NOT NULL DEFAULT 0,
    d02 BIGINT NOT NULL DEFAULT 0, d03 BIGINT NOT NULL DEFAULT 0,
    d04 BIGINT NOT NULL DEFAULT 0, d05 BIGINT NOT NULL DEFAULT 0,
    d06 BIGINT NOT NULL DEFAULT 0, d07 BIGINT NOT NULL DEFAULT 0,
    d08 BIGINT NOT NULL DEFAULT 0, d09 BIGINT NOT NULL DEFAULT 0,
    d10 BIGINT NOT NULL DEFAULT 0, d11 BIGINT NOT NULL DEFAULT 0,
    d12 BIGINT NOT NULL DEFAULT 0, d13 BIGINT NOT NULL DEFAULT 0,
    d14 BIGINT NOT NULL DEFAULT 0, d15 BIGINT NOT NULL DEFAULT 0,
    d16 BIGINT NOT NULL DEFAULT 0, d17 BIGINT NOT NULL DEFAULT 0,
    d18 BIGINT NOT NULL DEFAULT 0, d19 BIGINT NOT NULL DEFAULT 0,
    d20 BIGINT NOT NULL DEFAULT 0, d21 BIGINT NOT NULL DEFAULT 0,
    d22 BIGINT NOT NULL DEFAULT 0, d23 BIGINT NOT NULL DEFAULT 0,
    d24 BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (day, category, town, unit, channel)
);

-- Whether the tallies hold every case: the server fills in the working
-- days of answers given before this migration and rebuilds the tallies
-- at its next start (`server stats rebuild` does the same by hand).
CREATE TABLE stats_state (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    built BIGINT NOT NULL
);
INSERT INTO stats_state (id, built) VALUES (1, 0);
