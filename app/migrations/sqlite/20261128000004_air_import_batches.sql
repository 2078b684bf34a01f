-- Uploaded CSV files between preview and confirmation: the staff member
-- sees what would be imported before anything is stored. Kept a day at most.
CREATE TABLE air_import_batches (
    id TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
    file_name TEXT NOT NULL,
    content TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
