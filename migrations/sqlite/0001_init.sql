-- dxday schema 1: units, accounts, sessions, login throttling, audit log, campaigns.
-- Only INTEGER/BIGINT, TEXT and REAL types: the sqlx Any driver decodes nothing else.
-- Timestamps are RFC 3339 UTC text; dates are yyyy-mm-dd text; flags are 0/1.

CREATE TABLE units (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    short_name TEXT,
    kind TEXT NOT NULL,
    parent_id BIGINT REFERENCES units (id),
    gso_code TEXT,
    staff_count BIGINT,
    valid_from TEXT NOT NULL,
    valid_to TEXT,
    is_sample BIGINT NOT NULL DEFAULT 0,
    archived_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX units_parent_id ON units (parent_id);

CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL UNIQUE,
    full_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    unit_id BIGINT REFERENCES units (id),
    session_epoch BIGINT NOT NULL DEFAULT 0,
    archived_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX users_unit_id ON users (unit_id);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    data TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_expires_at ON sessions (expires_at);

CREATE TABLE login_failures (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL,
    ip TEXT NOT NULL,
    at_ms BIGINT NOT NULL
);
CREATE INDEX login_failures_email ON login_failures (email, at_ms);
CREATE INDEX login_failures_ip ON login_failures (ip, at_ms);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor_user_id BIGINT,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id BIGINT,
    before_json TEXT,
    after_json TEXT
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);

CREATE TABLE campaigns (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    year BIGINT NOT NULL,
    title TEXT NOT NULL,
    theme TEXT NOT NULL,
    purpose TEXT NOT NULL,
    meaning TEXT NOT NULL,
    legal_basis TEXT NOT NULL,
    issuer_unit_id BIGINT REFERENCES units (id),
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    display_from TEXT NOT NULL,
    display_to TEXT NOT NULL,
    day_on TEXT NOT NULL,
    consumption_from TEXT,
    consumption_to TEXT,
    kit_url TEXT,
    archived_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX campaigns_year ON campaigns (year);
