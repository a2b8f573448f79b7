-- Report requests and the units' reports: the office asks target units for a form of
-- indicators; each unit has at most one report per request (drafts, submitted,
-- returned, approved); values are kept per indicator, an empty number as NULL.

CREATE TABLE report_requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    campaign_id BIGINT NOT NULL REFERENCES campaigns (id),
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    period_from TEXT,
    period_to TEXT,
    due_on TEXT NOT NULL,
    note TEXT,
    created_by BIGINT REFERENCES users (id),
    created_at TEXT NOT NULL
);
CREATE INDEX report_requests_campaign ON report_requests (campaign_id);

CREATE TABLE report_indicators (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id BIGINT NOT NULL REFERENCES report_requests (id),
    position BIGINT NOT NULL,
    code TEXT NOT NULL,
    label TEXT NOT NULL,
    kind TEXT NOT NULL,
    measure TEXT NOT NULL,
    aggregation TEXT NOT NULL,
    UNIQUE (request_id, code)
);

CREATE TABLE report_targets (
    request_id BIGINT NOT NULL REFERENCES report_requests (id),
    unit_id BIGINT NOT NULL REFERENCES units (id),
    PRIMARY KEY (request_id, unit_id)
);
CREATE INDEX report_targets_unit ON report_targets (unit_id);

CREATE TABLE unit_reports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id BIGINT NOT NULL REFERENCES report_requests (id),
    unit_id BIGINT NOT NULL REFERENCES units (id),
    status TEXT NOT NULL,
    submitted_at TEXT,
    submitted_by BIGINT REFERENCES users (id),
    reviewed_at TEXT,
    reviewed_by BIGINT REFERENCES users (id),
    review_comment TEXT,
    updated_at TEXT NOT NULL,
    UNIQUE (request_id, unit_id)
);

CREATE TABLE report_values (
    report_id BIGINT NOT NULL REFERENCES unit_reports (id),
    indicator_id BIGINT NOT NULL REFERENCES report_indicators (id),
    number BIGINT,
    text TEXT,
    PRIMARY KEY (report_id, indicator_id)
);

CREATE TABLE report_files (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    report_id BIGINT NOT NULL REFERENCES unit_reports (id),
    indicator_id BIGINT NOT NULL REFERENCES report_indicators (id),
    file_name TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    content BLOB NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX report_files_report ON report_files (report_id);
