-- The register of changes to bodies' names (a ministry merged, a Sở renamed, a level of
-- government ended): from effective_on, name is successor, or the body no longer exists
-- when successor is NULL.
CREATE TABLE body_names (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    successor TEXT,
    effective_on TEXT NOT NULL,
    basis TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    UNIQUE (name, effective_on)
);
