-- Site inspections and the inspection code (issue 18; domain::inspection).
-- A visit is one entry into a business under one code; each unit that
-- inspects during it adds a part (purpose, item, inspectors), so one
-- place's checks in one window are one joint visit (一次进门、多事联查).

-- What administrators keep: inspection items and their legal basis.
CREATE TABLE inspection_items (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL DEFAULT '',
    basis_zh TEXT NOT NULL,
    basis_en TEXT NOT NULL DEFAULT '',
    active BIGINT NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL
);
INSERT INTO inspection_items (name_zh, name_en, basis_zh, basis_en, updated_at) VALUES
    ('餐饮油烟排放检查', 'Cooking-fume emissions',
     '《中华人民共和国环境保护法》第二十四条；《中华人民共和国大气污染防治法》；DB31/844-2014《餐饮业油烟排放标准》',
     'Environmental Protection Law of the PRC, art. 24; Air Pollution Prevention and Control Law; DB31/844-2014',
     '2026-12-02T00:00:00+00:00'),
    ('社会生活噪声排放检查', 'Noise from shops and venues',
     '《中华人民共和国环境保护法》第二十四条；《中华人民共和国噪声污染防治法》；GB 22337-2008《社会生活环境噪声排放标准》',
     'Environmental Protection Law of the PRC, art. 24; Noise Pollution Prevention and Control Law; GB 22337-2008',
     '2026-12-02T00:00:00+00:00'),
    ('工业企业厂界噪声检查', 'Industrial boundary noise',
     '《中华人民共和国环境保护法》第二十四条；《中华人民共和国噪声污染防治法》；GB 12348-2008《工业企业厂界环境噪声排放标准》',
     'Environmental Protection Law of the PRC, art. 24; Noise Pollution Prevention and Control Law; GB 12348-2008',
     '2026-12-02T00:00:00+00:00'),
    ('建筑施工噪声检查', 'Construction-site noise',
     '《中华人民共和国环境保护法》第二十四条；《中华人民共和国噪声污染防治法》；GB 12523-2011《建筑施工场界环境噪声排放标准》',
     'Environmental Protection Law of the PRC, art. 24; Noise Pollution Prevention and Control Law; GB 12523-2011',
     '2026-12-02T00:00:00+00:00');

-- The enforcement certificate number last given for a staff member.
ALTER TABLE staff_users ADD COLUMN certificate TEXT;

CREATE TABLE inspection_visits (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    -- domain::inspection::InspectionCode, canonical (ten characters).
    code TEXT NOT NULL UNIQUE,
    source_id BIGINT NOT NULL REFERENCES sources (id),
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT,
    revoked_by BIGINT REFERENCES staff_users (id),
    revoke_reason TEXT NOT NULL DEFAULT '',
    result_at TEXT,
    result_by BIGINT REFERENCES staff_users (id),
    findings TEXT NOT NULL DEFAULT '',
    -- The business's one rating (domain::inspection::Rating); shown to
    -- leaders and administrators only, counted per unit.
    rating TEXT CHECK (rating IN ('proper', 'mostly_proper', 'improper')),
    rating_comment TEXT NOT NULL DEFAULT '',
    rated_at TEXT
);
CREATE INDEX inspection_visits_source ON inspection_visits (source_id, starts_at);

CREATE TABLE inspection_parts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    visit_id BIGINT NOT NULL REFERENCES inspection_visits (id),
    unit TEXT NOT NULL REFERENCES units (code),
    purpose TEXT NOT NULL CHECK (purpose IN ('case', 'task', 'routine')),
    case_id BIGINT REFERENCES cases (id),
    warning_id BIGINT REFERENCES warnings (id),
    item_id BIGINT NOT NULL REFERENCES inspection_items (id),
    created_by BIGINT NOT NULL REFERENCES staff_users (id),
    created_at TEXT NOT NULL
);
CREATE INDEX inspection_parts_visit ON inspection_parts (visit_id);
CREATE INDEX inspection_parts_unit ON inspection_parts (unit, created_at);
CREATE INDEX inspection_parts_case ON inspection_parts (case_id);

CREATE TABLE inspection_inspectors (
    part_id BIGINT NOT NULL REFERENCES inspection_parts (id),
    staff_id BIGINT NOT NULL REFERENCES staff_users (id),
    certificate TEXT NOT NULL,
    position BIGINT NOT NULL,
    PRIMARY KEY (part_id, staff_id)
);

CREATE TABLE inspection_measurements (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    visit_id BIGINT NOT NULL REFERENCES inspection_visits (id),
    what TEXT NOT NULL,
    value DOUBLE PRECISION NOT NULL,
    limit_value DOUBLE PRECISION,
    standard TEXT NOT NULL DEFAULT '',
    exceeds BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX inspection_measurements_visit ON inspection_measurements (visit_id);

CREATE TABLE inspection_photos (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    visit_id BIGINT NOT NULL REFERENCES inspection_visits (id),
    staff_id BIGINT NOT NULL REFERENCES staff_users (id),
    object_key TEXT NOT NULL,
    thumb_key TEXT NOT NULL,
    width BIGINT NOT NULL,
    height BIGINT NOT NULL,
    bytes BIGINT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX inspection_photos_visit ON inspection_photos (visit_id);

-- What happened to a visit: registered, joined, revoked, result, photo,
-- rated (without the rating).
CREATE TABLE inspection_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    visit_id BIGINT NOT NULL REFERENCES inspection_visits (id),
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    kind TEXT NOT NULL,
    data TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX inspection_events_visit ON inspection_events (visit_id, id);
