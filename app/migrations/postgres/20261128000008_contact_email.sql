-- An optional email address for news of the case (besides the SMS).
ALTER TABLE cases ADD COLUMN contact_email TEXT;
