-- Review before publication (issue 14): a case the resident allowed on
-- the public board shows there only once a staff member has approved its
-- public text, which they may redact. The resident's own description stays
-- untouched in `description`; the approval and any redaction are events in
-- the case's trail. Cases published before the review existed go back to
-- waiting for it.
ALTER TABLE cases ADD COLUMN public_text TEXT;
ALTER TABLE cases ADD COLUMN published_at TEXT;
