-- The office's settings, by name (e.g. `team_report_cadence`: month or quarter). A
-- setting never written has its default in the code.
CREATE TABLE settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
