-- A campaign's cover image: its re-encoded photo and thumbnail in the
-- photo store, and the text that describes it to screen readers (empty:
-- decorative, the title beside it says what it is).
ALTER TABLE campaigns ADD COLUMN cover_thumb_key TEXT;
ALTER TABLE campaigns ADD COLUMN cover_alt TEXT NOT NULL DEFAULT '';
