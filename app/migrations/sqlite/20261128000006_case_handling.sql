-- Case handling: handlers belong to a unit; cases get a priority, one
-- extension, a leader in personal charge (包案) and, for duplicates, the
-- case they were merged into. Staff views of personal data are logged,
-- replies start from templates, and a job queues reminders for cases
-- that are due soon or overdue.

ALTER TABLE staff_users ADD COLUMN unit TEXT REFERENCES units (code);

ALTER TABLE cases ADD COLUMN priority TEXT NOT NULL DEFAULT 'normal'
    CHECK (priority IN ('normal', 'high', 'urgent'));
-- Working days added by the one extension; NULL while not extended.
ALTER TABLE cases ADD COLUMN extended_days BIGINT;
ALTER TABLE cases ADD COLUMN charge_by BIGINT REFERENCES staff_users (id);
ALTER TABLE cases ADD COLUMN merged_into BIGINT REFERENCES cases (id);
CREATE INDEX cases_inbox ON cases (status, due_on);
CREATE INDEX cases_unit ON cases (unit, status, due_on);
CREATE INDEX cases_phone ON cases (contact_phone);

-- Photos taken on site by staff (NULL: sent by the resident).
ALTER TABLE complaint_photos ADD COLUMN staff_id BIGINT REFERENCES staff_users (id);

-- Who saw a resident's name, phone number and full address, and when.
CREATE TABLE personal_data_views (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id BIGINT NOT NULL REFERENCES cases (id),
    staff_id BIGINT NOT NULL REFERENCES staff_users (id),
    at TEXT NOT NULL
);
CREATE INDEX personal_data_views_case ON personal_data_views (case_id, at);

-- Starting points for replies: per category (NULL: every category). The
-- body is what the resident reads, so it is written in Chinese.
CREATE TABLE reply_templates (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    category TEXT REFERENCES complaint_categories (code),
    outcome TEXT NOT NULL,
    title_zh TEXT NOT NULL,
    title_en TEXT NOT NULL,
    body TEXT NOT NULL,
    sort_order BIGINT NOT NULL
);

INSERT INTO reply_templates (category, outcome, title_zh, title_en, body, sort_order) VALUES
    ('noise_construction', 'fixed', '夜间施工已停止', 'Night work stopped',
     '您好！经执法人员现场检查，该工地存在夜间违规施工情况，已责令立即停止并依法处理。今后如再发现，请继续反映。感谢您对生态环境保护工作的支持！', 10),
    ('noise_commercial', 'fixed', '商铺音响已整改', 'Shop loudspeaker removed',
     '您好！经现场检查，该商户使用高音喇叭招揽顾客，已责令拆除并加强日常巡查。感谢您的监督！', 20),
    ('noise_social', 'mediated', '邻里噪声已调解', 'Neighbour noise mediated',
     '您好！经居委会和街镇工作人员上门了解，已与相关住户沟通，对方承诺控制音量、合理安排时间。如问题反复，请再次反映。', 30),
    ('noise_industrial', 'being_fixed', '企业限期整改', 'Factory given a deadline',
     '您好！经现场监测，该企业厂界噪声超过排放标准，已下达限期整改通知，我局将跟踪复查整改情况。', 40),
    ('fumes_restaurant', 'being_fixed', '油烟净化设施限期整改', 'Fume filter to be fixed',
     '您好！经现场检查，该餐饮单位油烟净化设施未正常使用，已责令限期清洗维护并规范排放，我们将跟踪复查。', 50),
    (NULL, 'not_substantiated', '现场未发现问题', 'Nothing found on site',
     '您好！执法人员于接报后赴现场检查，未发现所反映的问题。我们将加强巡查，如问题再次出现，请及时反映并尽量提供时间和照片。', 90);

-- Reminders queued by the background job: one per case, kind and day.
-- `unit` is whom it is for (the case's unit), NULL for district intake.
CREATE TABLE case_reminders (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id BIGINT NOT NULL REFERENCES cases (id),
    unit TEXT REFERENCES units (code),
    kind TEXT NOT NULL CHECK (kind IN ('due_soon', 'overdue')),
    day TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (case_id, kind, day)
);
CREATE INDEX case_reminders_recent ON case_reminders (day, unit);
