-- Pollution sources and early warning (issue 18; domain::source and
-- domain::warning). A source is a place complaints are about; a case
-- links to at most one. Warnings are raised by rules kept as data, once
-- per rule and subject (a source, a road, a grid cell near a point), and
-- gather the cases behind them.

CREATE TABLE sources (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('restaurant', 'venue', 'construction', 'factory', 'other')),
    town TEXT NOT NULL REFERENCES units (code),
    address TEXT NOT NULL,
    -- The road-level part shown where the full address may not be.
    address_public TEXT NOT NULL,
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    operator TEXT NOT NULL DEFAULT '',
    -- Unified Social Credit Code, canonical (domain::source::CreditCode).
    credit_code TEXT,
    -- GB 3096-2008 zone class: 0, 1, 2, 3, 4a, 4b.
    zone TEXT CHECK (zone IN ('0', '1', '2', '3', '4a', '4b')),
    -- Merged into another source: its cases moved there.
    merged_into BIGINT REFERENCES sources (id),
    created_by BIGINT REFERENCES staff_users (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX sources_credit_code ON sources (credit_code)
    WHERE credit_code IS NOT NULL AND merged_into IS NULL;
CREATE INDEX sources_place ON sources (town, address_public);

ALTER TABLE cases ADD COLUMN source_id BIGINT REFERENCES sources (id);
-- When the case was closed (the rebound rule looks back from it).
ALTER TABLE cases ADD COLUMN closed_at TEXT;
UPDATE cases SET closed_at = (
    SELECT MAX(e.at) FROM case_events e WHERE e.case_id = cases.id AND e.kind = 'closed'
) WHERE status = 'closed';
-- What the rules read around a new complaint: its source's cases, its
-- town's recent cases (then by road or distance), recent closures.
CREATE INDEX cases_source ON cases (source_id, submitted_at);
CREATE INDEX cases_town_recent ON cases (town, submitted_at);
CREATE INDEX cases_town_closed ON cases (town, closed_at);

-- Rules (domain::warning::RuleKind): `count` is complaints for 'repeat',
-- nights for 'nights', unused for 'rebound'. NULL category: every one.
CREATE TABLE warning_rules (
    id BIGSERIAL PRIMARY KEY,
    category TEXT REFERENCES complaint_categories (code),
    kind TEXT NOT NULL CHECK (kind IN ('repeat', 'nights', 'rebound')),
    count BIGINT NOT NULL,
    days BIGINT NOT NULL,
    radius_m BIGINT NOT NULL,
    severity TEXT NOT NULL CHECK (severity IN ('low', 'medium', 'high')),
    active BIGINT NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL
);

-- Defaults for Jiading (docs/adr-015): fumes and shop noise return within
-- weeks at one door; building sites are wide and work to permits, so three
-- complaints in a week or night work on three nights is serious;
-- neighbours' noise needs more complaints before it is a pattern; any
-- problem back within 30 days of a case closed as solved is a rebound.
INSERT INTO warning_rules (category, kind, count, days, radius_m, severity, updated_at) VALUES
    ('fumes_restaurant', 'repeat', 3, 30, 100, 'medium', '2026-12-01T00:00:00+00:00'),
    ('noise_commercial', 'repeat', 3, 14, 100, 'medium', '2026-12-01T00:00:00+00:00'),
    ('noise_construction', 'repeat', 3, 7, 200, 'high', '2026-12-01T00:00:00+00:00'),
    ('noise_industrial', 'repeat', 3, 30, 200, 'medium', '2026-12-01T00:00:00+00:00'),
    ('noise_social', 'repeat', 4, 30, 50, 'low', '2026-12-01T00:00:00+00:00'),
    ('noise_construction', 'nights', 3, 14, 200, 'high', '2026-12-01T00:00:00+00:00'),
    ('noise_commercial', 'nights', 3, 14, 100, 'medium', '2026-12-01T00:00:00+00:00'),
    (NULL, 'repeat', 8, 30, 200, 'high', '2026-12-01T00:00:00+00:00'),
    (NULL, 'rebound', 1, 30, 100, 'high', '2026-12-01T00:00:00+00:00');

CREATE TABLE warnings (
    id BIGSERIAL PRIMARY KEY,
    rule_id BIGINT NOT NULL REFERENCES warning_rules (id),
    -- domain::warning::Subject::key: one active warning per rule and key.
    subject_key TEXT NOT NULL,
    source_id BIGINT REFERENCES sources (id),
    town TEXT NOT NULL REFERENCES units (code),
    -- The road or compound (public part), for warnings without a source.
    place TEXT NOT NULL,
    category TEXT,
    severity TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'acknowledged', 'tasked', 'dismissed')),
    case_count BIGINT NOT NULL,
    raised_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    -- Dismissal reason, or the screening task's instructions.
    note TEXT NOT NULL DEFAULT '',
    task_unit TEXT REFERENCES units (code),
    task_due_on TEXT,
    decided_by BIGINT REFERENCES staff_users (id),
    decided_at TEXT
);
CREATE UNIQUE INDEX warnings_active ON warnings (rule_id, subject_key)
    WHERE status IN ('open', 'acknowledged', 'tasked');
CREATE INDEX warnings_list ON warnings (status, severity, raised_at);

CREATE TABLE warning_cases (
    warning_id BIGINT NOT NULL REFERENCES warnings (id),
    case_id BIGINT NOT NULL REFERENCES cases (id),
    added_at TEXT NOT NULL,
    PRIMARY KEY (warning_id, case_id)
);
CREATE INDEX warning_cases_case ON warning_cases (case_id);

-- What warnings did: raised, cases added, acknowledged, tasked, dismissed.
CREATE TABLE warning_events (
    id BIGSERIAL PRIMARY KEY,
    warning_id BIGINT NOT NULL REFERENCES warnings (id),
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    kind TEXT NOT NULL,
    text TEXT NOT NULL DEFAULT '',
    data TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX warning_events_warning ON warning_events (warning_id, id);

-- The last case the background evaluation has looked at (one row).
CREATE TABLE warning_cursor (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    last_case_id BIGINT NOT NULL
);
INSERT INTO warning_cursor (id, last_case_id) SELECT 1, COALESCE(MAX(id), 0) FROM cases;
