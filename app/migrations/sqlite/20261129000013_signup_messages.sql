-- The outbox also carries messages about event sign-ups (issue 14): the
-- cancellation link goes to the phone that signed up, never to the page,
-- so the page answers a number signed up before exactly as a new one.
-- SQLite cannot drop NOT NULL in place: the table is rebuilt.
CREATE TABLE notifications_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id BIGINT REFERENCES cases (id),
    channel TEXT NOT NULL CHECK (channel IN ('sms', 'email')),
    recipient TEXT NOT NULL,
    body TEXT NOT NULL,
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
INSERT INTO notifications_new (id, case_id, channel, recipient, body, dedupe_key, status,
    attempts, next_attempt_at, claimed_by, claimed_until, last_error, sent_at, created_at)
SELECT id, case_id, channel, recipient, body, dedupe_key, status, attempts, next_attempt_at,
    claimed_by, claimed_until, last_error, sent_at, created_at FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_new RENAME TO notifications;
CREATE INDEX notifications_due ON notifications (status, next_attempt_at);
