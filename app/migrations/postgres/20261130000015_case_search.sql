-- A million cases (issue 16, ADR 011): indexes that answer every inbox
-- filter and sort from the first matching entries, and substring search of
-- addresses and phone numbers through pg_trgm (a trusted extension: the
-- database owner may create it).

-- Open cases are few (a few per cent) and what staff look at all day:
-- partial indexes keep them together in each order the inbox offers. The
-- predicate is the list `open_statuses()` writes, word for word.
CREATE INDEX cases_open_due ON cases (due_on, id)
    WHERE status IN ('submitted', 'accepted', 'assigned', 'in_progress', 'reopened');
CREATE INDEX cases_open_newest ON cases (submitted_at, id)
    WHERE status IN ('submitted', 'accepted', 'assigned', 'in_progress', 'reopened');
CREATE INDEX cases_open_priority ON cases
    ((CASE priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 ELSE 2 END), due_on, id)
    WHERE status IN ('submitted', 'accepted', 'assigned', 'in_progress', 'reopened');
CREATE INDEX cases_open_unit ON cases (unit, due_on, id)
    WHERE status IN ('submitted', 'accepted', 'assigned', 'in_progress', 'reopened');

-- Every case, and one status, in each order (keyset pages: the sort key
-- and the id).
DROP INDEX cases_inbox;
CREATE INDEX cases_status_due ON cases (status, due_on, id);
CREATE INDEX cases_status_newest ON cases (status, submitted_at, id);
CREATE INDEX cases_due ON cases (due_on, id);
DROP INDEX cases_recent;
CREATE INDEX cases_newest ON cases (submitted_at, id);
CREATE INDEX cases_priority ON cases
    ((CASE priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 ELSE 2 END), due_on, id);
DROP INDEX cases_unit;
CREATE INDEX cases_unit ON cases (unit, status, due_on, id);
CREATE INDEX cases_category ON cases (category, status, due_on, id);

-- The public board: published cases, newest first.
CREATE INDEX cases_board ON cases (submitted_at, id)
    WHERE public = 1 AND published_at IS NOT NULL;

-- Substring search (three characters or more) of the full and the public
-- address and of the phone number: `LIKE '%…%'` uses these. The extension
-- lives in `public` whatever the portal's search_path (one database may
-- hold several portals' schemas; the tests do), and its operator class is
-- named there.
CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
CREATE INDEX cases_address_trgm ON cases USING gin (address public.gin_trgm_ops);
CREATE INDEX cases_address_public_trgm ON cases USING gin (address_public public.gin_trgm_ops);
CREATE INDEX cases_phone_trgm ON cases USING gin (contact_phone public.gin_trgm_ops);

-- Cases waiting for their public text to be approved (the dispatcher's
-- count on every inbox page).
CREATE INDEX cases_awaiting_publication ON cases (id)
    WHERE public = 1 AND published_at IS NULL AND status <> 'rejected' AND merged_into IS NULL;

-- Today's reminders are listed by deadline: the deadline is kept with the
-- reminder, so the list reads its own index in order instead of joining
-- every reminder of the day and sorting them.
ALTER TABLE case_reminders ADD COLUMN due_on TEXT;
CREATE INDEX case_reminders_due ON case_reminders (day, due_on, case_id);
CREATE INDEX case_reminders_unit_due ON case_reminders (day, unit, due_on, case_id);
