-- Reminders: one row per (subject, unit, rule), so a reminder is sent once however
-- often the job runs and on however many nodes (the insert that wins sends it).
CREATE TABLE reminders (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    subject TEXT NOT NULL,
    subject_id BIGINT NOT NULL,
    unit_id BIGINT NOT NULL REFERENCES units (id),
    rule TEXT NOT NULL,
    due_on TEXT NOT NULL,
    message TEXT NOT NULL,
    link TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (subject, subject_id, unit_id, rule)
);
CREATE INDEX reminders_unit ON reminders (unit_id, created_at);
