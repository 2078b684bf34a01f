-- Public monthly statistics (issue 19; domain::public_stats, docs/adr-018).
-- A month's sums of the daily tallies, per district, category and town,
-- copied once when the month is published (the 10th of the next month)
-- and not changed after: /stats and its open data read only these.

CREATE TABLE stats_months (
    month TEXT PRIMARY KEY,
    published_at TEXT NOT NULL
);

-- The counts of domain::stats::Counts, as in case_tallies. `breakdown` is
-- 'all' (code ''), 'category' or 'town'.
CREATE TABLE stats_published (
    month TEXT NOT NULL REFERENCES stats_months (month) ON DELETE CASCADE,
    breakdown TEXT NOT NULL CHECK (breakdown IN ('all', 'category', 'town')),
    code TEXT NOT NULL,
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
    d00 BIGINT NOT NULL DEFAULT 0,
    d01 BIGINT NOT NULL DEFAULT 0,
    d02 BIGINT NOT NULL DEFAULT 0,
    d03 BIGINT NOT NULL DEFAULT 0,
    d04 BIGINT NOT NULL DEFAULT 0,
    d05 BIGINT NOT NULL DEFAULT 0,
    d06 BIGINT NOT NULL DEFAULT 0,
    d07 BIGINT NOT NULL DEFAULT 0,
    d08 BIGINT NOT NULL DEFAULT 0,
    d09 BIGINT NOT NULL DEFAULT 0,
    d10 BIGINT NOT NULL DEFAULT 0,
    d11 BIGINT NOT NULL DEFAULT 0,
    d12 BIGINT NOT NULL DEFAULT 0,
    d13 BIGINT NOT NULL DEFAULT 0,
    d14 BIGINT NOT NULL DEFAULT 0,
    d15 BIGINT NOT NULL DEFAULT 0,
    d16 BIGINT NOT NULL DEFAULT 0,
    d17 BIGINT NOT NULL DEFAULT 0,
    d18 BIGINT NOT NULL DEFAULT 0,
    d19 BIGINT NOT NULL DEFAULT 0,
    d20 BIGINT NOT NULL DEFAULT 0,
    d21 BIGINT NOT NULL DEFAULT 0,
    d22 BIGINT NOT NULL DEFAULT 0,
    d23 BIGINT NOT NULL DEFAULT 0,
    d24 BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (month, breakdown, code)
);

-- Every export of the cases behind a list (the inbox's filters as a CSV or
-- workbook): who, when, what was asked, how many rows, and whether names,
-- phone numbers and full addresses went with them (each such case also
-- gets a personal_data_views row).
CREATE TABLE case_exports (
    id BIGSERIAL PRIMARY KEY,
    staff_id BIGINT NOT NULL REFERENCES staff_users (id),
    at TEXT NOT NULL,
    format TEXT NOT NULL CHECK (format IN ('csv', 'xlsx')),
    query TEXT NOT NULL,
    cases BIGINT NOT NULL,
    personal BIGINT NOT NULL
);
CREATE INDEX case_exports_at ON case_exports (at);

-- The daily tallies summed per month (`day` is the month's first day),
-- moved with them in the same statement batch: a period of whole months
-- reads a row per month and key instead of one per day (a year of daily
-- rows numbers in the hundreds of thousands at a million cases).
CREATE TABLE case_tallies_monthly (
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
    d00 BIGINT NOT NULL DEFAULT 0,
    d01 BIGINT NOT NULL DEFAULT 0,
    d02 BIGINT NOT NULL DEFAULT 0,
    d03 BIGINT NOT NULL DEFAULT 0,
    d04 BIGINT NOT NULL DEFAULT 0,
    d05 BIGINT NOT NULL DEFAULT 0,
    d06 BIGINT NOT NULL DEFAULT 0,
    d07 BIGINT NOT NULL DEFAULT 0,
    d08 BIGINT NOT NULL DEFAULT 0,
    d09 BIGINT NOT NULL DEFAULT 0,
    d10 BIGINT NOT NULL DEFAULT 0,
    d11 BIGINT NOT NULL DEFAULT 0,
    d12 BIGINT NOT NULL DEFAULT 0,
    d13 BIGINT NOT NULL DEFAULT 0,
    d14 BIGINT NOT NULL DEFAULT 0,
    d15 BIGINT NOT NULL DEFAULT 0,
    d16 BIGINT NOT NULL DEFAULT 0,
    d17 BIGINT NOT NULL DEFAULT 0,
    d18 BIGINT NOT NULL DEFAULT 0,
    d19 BIGINT NOT NULL DEFAULT 0,
    d20 BIGINT NOT NULL DEFAULT 0,
    d21 BIGINT NOT NULL DEFAULT 0,
    d22 BIGINT NOT NULL DEFAULT 0,
    d23 BIGINT NOT NULL DEFAULT 0,
    d24 BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (day, category, town, unit, channel)
);
-- Filled by the next start's rebuild (as after migration 21).
UPDATE stats_state SET built = 0;
