-- Environment days that recur on a fixed date each year. Days whose date is
-- announced each year (the national low-carbon day) are added by editors.
CREATE TABLE environment_days (
    id BIGSERIAL PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    month BIGINT NOT NULL CHECK (month BETWEEN 1 AND 12),
    day BIGINT NOT NULL CHECK (day BETWEEN 1 AND 31)
);

INSERT INTO environment_days (slug, name_zh, name_en, month, day) VALUES
    ('world-environment-day', '六五环境日', 'World Environment Day', 6, 5),
    ('national-ecology-day', '全国生态日', 'National Ecology Day', 8, 15),
    ('zero-waste-day', '国际零废弃物日', 'International Day of Zero Waste', 3, 30);
