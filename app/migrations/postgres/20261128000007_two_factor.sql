-- Two-factor sign-in (TOTP, RFC 6238): required for administrators,
-- optional for everyone else.
-- The shared secret (base32) once set up; NULL: not set up.
ALTER TABLE staff_users ADD COLUMN totp_secret TEXT;
-- The last time step accepted: a code is accepted once.
ALTER TABLE staff_users ADD COLUMN totp_last_step BIGINT;
-- 0 while the password is checked but the code is not yet; such a session
-- opens nothing but the code page.
ALTER TABLE staff_sessions ADD COLUMN verified BIGINT NOT NULL DEFAULT 1;
-- A secret being set up on this session, until its first code confirms it.
ALTER TABLE staff_sessions ADD COLUMN totp_setup TEXT;
