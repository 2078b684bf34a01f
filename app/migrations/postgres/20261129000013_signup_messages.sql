-- The outbox also carries messages about event sign-ups (issue 14): the
-- cancellation link goes to the phone that signed up, never to the page,
-- so the page answers a number signed up before exactly as a new one.
ALTER TABLE notifications ALTER COLUMN case_id DROP NOT NULL;
