-- Staff accounts, their server-side sessions, and every login attempt.

CREATE TABLE staff_users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    -- PHC string of an argon2id hash.
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'dispatcher', 'handler', 'editor', 'leader')),
    active BIGINT NOT NULL DEFAULT 1,
    failed_logins BIGINT NOT NULL DEFAULT 0,
    -- Unix seconds; NULL when not locked.
    locked_until BIGINT,
    demo BIGINT NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);

-- The cookie holds a random token; only its SHA-256 is stored, so the table
-- alone cannot be used to sign in. Times are Unix seconds.
CREATE TABLE staff_sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    last_seen BIGINT NOT NULL
);
CREATE INDEX staff_sessions_user ON staff_sessions (user_id);

CREATE TABLE staff_login_attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    username TEXT NOT NULL,
    client TEXT NOT NULL,
    outcome TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX staff_login_attempts_client ON staff_login_attempts (client, at);
