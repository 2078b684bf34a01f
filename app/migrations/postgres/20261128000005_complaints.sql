-- Complaints: the handling units, the categories, the working-day calendar,
-- drafts being filed, cases, their photos, supporters, the hash-chained
-- event trail and the notification outbox. Instants are RFC 3339 UTC text,
-- dates YYYY-MM-DD (Asia/Shanghai), flags 0/1.

-- Towns, subdistricts and district departments (DOMAIN.md §2). `area` says
-- whether residents pick it as the place of a problem.
CREATE TABLE units (
    code TEXT PRIMARY KEY,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    area BIGINT NOT NULL DEFAULT 0,
    sort_order BIGINT NOT NULL,
    active BIGINT NOT NULL DEFAULT 1
);

INSERT INTO units (code, name_zh, name_en, area, sort_order) VALUES
    ('jiadingzhen', '嘉定镇街道', 'Jiadingzhen Subdistrict', 1, 10),
    ('xinchenglu', '新成路街道', 'Xinchenglu Subdistrict', 1, 20),
    ('zhenxin', '真新街道', 'Zhenxin Subdistrict', 1, 30),
    ('nanxiang', '南翔镇', 'Nanxiang Town', 1, 40),
    ('anting', '安亭镇', 'Anting Town', 1, 50),
    ('malu', '马陆镇', 'Malu Town', 1, 60),
    ('xuhang', '徐行镇', 'Xuhang Town', 1, 70),
    ('huating', '华亭镇', 'Huating Town', 1, 80),
    ('waigang', '外冈镇', 'Waigang Town', 1, 90),
    ('jiangqiao', '江桥镇', 'Jiangqiao Town', 1, 100),
    ('juyuan', '菊园新区', 'Juyuan New Area', 1, 110),
    ('industrial_zone', '嘉定工业区', 'Jiading Industrial Zone', 1, 120),
    ('enforcement', '区生态环境局执法大队', 'Environmental Enforcement Team', 0, 200),
    ('chengguan', '区城管执法局', 'Urban Management Enforcement Bureau', 0, 210),
    ('police', '区公安分局', 'District Public Security Bureau', 0, 220);

-- What residents may complain about here. `kind` picks the questions;
-- `default_unit` NULL means the unit of the place the resident picked.
CREATE TABLE complaint_categories (
    code TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('noise', 'fumes')),
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    hint_zh TEXT NOT NULL,
    hint_en TEXT NOT NULL,
    default_unit TEXT REFERENCES units (code),
    deadline_days BIGINT NOT NULL,
    sort_order BIGINT NOT NULL,
    active BIGINT NOT NULL DEFAULT 1
);

INSERT INTO complaint_categories
    (code, kind, name_zh, name_en, hint_zh, hint_en, default_unit, deadline_days, sort_order) VALUES
    ('noise_construction', 'noise', '建筑施工噪声', 'Construction noise',
     '工地打桩、机械、夜间施工等', 'Building sites: piling, machinery, night work', 'chengguan', 5, 10),
    ('noise_industrial', 'noise', '工业噪声', 'Industrial noise',
     '工厂、设备运转、风机水泵等', 'Factories, running equipment, fans and pumps', 'enforcement', 5, 20),
    ('noise_commercial', 'noise', '商业及娱乐噪声', 'Shops and entertainment noise',
     '商铺喇叭、歌厅酒吧、广场音响等', 'Shop loudspeakers, KTV and bars, amplified music', 'chengguan', 5, 30),
    ('noise_social', 'noise', '社会生活噪声', 'Neighbourhood and social life noise',
     '装修、邻里、广场舞等', 'Renovation, neighbours, square dancing', NULL, 5, 40),
    ('noise_traffic', 'noise', '交通噪声', 'Traffic noise',
     '道路、鸣笛、改装车辆等', 'Roads, horns, modified vehicles', 'enforcement', 5, 50),
    ('fumes_restaurant', 'fumes', '餐饮油烟', 'Restaurant cooking fumes',
     '饭店、烧烤等排放的油烟和异味', 'Smoke and smells from restaurants and barbecues', 'chengguan', 5, 60);

-- Departures from the Monday-to-Friday week: 'off' (public holiday) and
-- 'work' (make-up working day). Seeded with the shipped schedules.
CREATE TABLE work_calendar (
    day TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('off', 'work'))
);

-- Reference numbers: one counter per year.
CREATE TABLE case_counters (
    year BIGINT PRIMARY KEY,
    last BIGINT NOT NULL
);

CREATE TABLE cases (
    id BIGSERIAL PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    -- SHA-256 of the access code; the code itself is never stored here.
    access_hash TEXT NOT NULL,
    category TEXT NOT NULL REFERENCES complaint_categories (code),
    town TEXT NOT NULL REFERENCES units (code),
    address TEXT NOT NULL,
    address_public TEXT NOT NULL,
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    -- The category's answers (domain::complaint::filing::Details) as JSON.
    details TEXT NOT NULL,
    description TEXT NOT NULL,
    urgent BIGINT NOT NULL DEFAULT 0,
    contact_name TEXT NOT NULL,
    contact_phone TEXT NOT NULL,
    public BIGINT NOT NULL DEFAULT 0,
    status TEXT NOT NULL,
    unit TEXT REFERENCES units (code),
    submitted_at TEXT NOT NULL,
    due_on TEXT NOT NULL,
    supporters BIGINT NOT NULL DEFAULT 0,
    outcome TEXT,
    replied_at TEXT,
    rating TEXT,
    rating_comment TEXT,
    rated_at TEXT,
    reviewed BIGINT NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL,
    -- Optimistic concurrency: every update checks and bumps it.
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX cases_recent ON cases (submitted_at);
CREATE INDEX cases_nearby ON cases (category, town, submitted_at);

-- A complaint being filed. The browser holds a random token in a cookie;
-- only its SHA-256 is stored. Once submitted, `case_id` points at the case
-- (so submitting again answers with the same case) and `access_code` keeps
-- the code for the confirmation page until the draft expires.
CREATE TABLE complaint_drafts (
    token_hash TEXT PRIMARY KEY,
    data TEXT NOT NULL,
    case_id BIGINT REFERENCES cases (id),
    access_code TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- Photos: attached to a draft while filing, then to the case. `object_key`
-- and `thumb_key` name re-encoded files in the object store.
CREATE TABLE complaint_photos (
    id BIGSERIAL PRIMARY KEY,
    draft_token_hash TEXT,
    case_id BIGINT REFERENCES cases (id),
    object_key TEXT NOT NULL UNIQUE,
    thumb_key TEXT NOT NULL,
    width BIGINT NOT NULL,
    height BIGINT NOT NULL,
    bytes BIGINT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX complaint_photos_draft ON complaint_photos (draft_token_hash);
CREATE INDEX complaint_photos_case ON complaint_photos (case_id);

-- "Add my voice": one per draft (so a double tap counts once).
CREATE TABLE case_supporters (
    case_id BIGINT NOT NULL REFERENCES cases (id),
    draft_token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);

-- The trail: append-only, one chain over all cases. `seq` is gapless;
-- `hash` covers the previous event's hash and every field
-- (domain::trail::event_hash). trail_head holds the last seq and hash and
-- is updated in the same transaction, which serialises writers.
CREATE TABLE case_events (
    seq BIGINT PRIMARY KEY,
    case_id BIGINT NOT NULL REFERENCES cases (id),
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    kind TEXT NOT NULL,
    public BIGINT NOT NULL,
    text TEXT NOT NULL,
    data TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX case_events_case ON case_events (case_id, seq);

CREATE TABLE trail_head (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO trail_head (id, seq, hash)
    VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- Messages to residents about their case. A sender claims rows (claimed_by,
-- claimed_until) so several instances never send one twice; failures are
-- retried with backoff until `attempts` reaches the limit.
CREATE TABLE notifications (
    id BIGSERIAL PRIMARY KEY,
    case_id BIGINT NOT NULL REFERENCES cases (id),
    channel TEXT NOT NULL CHECK (channel IN ('sms', 'email')),
    recipient TEXT NOT NULL,
    body TEXT NOT NULL,
    -- One message per case event and channel.
    dedupe_key TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    claimed_by TEXT,
    claimed_until TEXT,
    last_error TEXT,
    sent_at TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX notifications_due ON notifications (status, next_attempt_at);
