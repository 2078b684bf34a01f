-- Counters that guard sign-in (issue 14): each is moved by one atomic
-- upsert that returns the new count, decided before a password or code is
-- checked, so parallel requests cannot slip past them. Keys (SHA-256 hex):
-- a client address; an account name together with an address (a lock an
-- attacker elsewhere cannot put on the account); a session waiting for its
-- one-time code. A counter starts again when its window has passed.
-- staff_users.failed_logins and locked_until are no longer used.
CREATE TABLE login_counters (
    key TEXT PRIMARY KEY,
    window_start BIGINT NOT NULL,
    count BIGINT NOT NULL
);
