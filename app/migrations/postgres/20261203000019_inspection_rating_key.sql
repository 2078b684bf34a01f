-- The business's rating key (issue 18): the first phone that takes the
-- right to rate a visit, from the code's public page, holds it in a cookie;
-- only its SHA-256 is kept. The officers hold the code too, so the code
-- alone no longer rates. When it was taken is shown to whoever opens the
-- page later, so a business finds out if someone else took it.
ALTER TABLE inspection_visits ADD COLUMN rating_key TEXT;
ALTER TABLE inspection_visits ADD COLUMN rating_key_at TEXT;

-- A certificate number belongs to one officer. A number given for two
-- before this check is forgotten on both profiles (each visit keeps the
-- number it was registered with) and asked for again.
UPDATE staff_users SET certificate = NULL WHERE certificate IN (
    SELECT certificate FROM staff_users WHERE certificate IS NOT NULL
    GROUP BY certificate HAVING COUNT(*) > 1
);
CREATE UNIQUE INDEX staff_users_certificate ON staff_users (certificate)
    WHERE certificate IS NOT NULL;
