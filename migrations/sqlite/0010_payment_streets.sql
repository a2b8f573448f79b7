-- Online-payment streets and their merchants (a ward's), the NAPAS member list (the
-- embedded one until the office loads a newer one), and the enterprises' offers of
-- the digital consumption month.
CREATE TABLE banks (
    bin TEXT PRIMARY KEY,
    code TEXT NOT NULL,
    short_name TEXT NOT NULL,
    name TEXT NOT NULL
);
CREATE TABLE payment_streets (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    unit_id BIGINT NOT NULL REFERENCES units (id),
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    segment_from TEXT,
    segment_to TEXT,
    status TEXT NOT NULL,
    decision_number TEXT,
    decision_date TEXT,
    launch_date TEXT,
    target_percent BIGINT NOT NULL DEFAULT 100,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (unit_id, name_key)
);
CREATE TABLE merchants (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    street_id BIGINT NOT NULL REFERENCES payment_streets (id),
    unit_id BIGINT NOT NULL REFERENCES units (id),
    name TEXT NOT NULL,
    identity TEXT NOT NULL,
    kind TEXT NOT NULL,
    category TEXT,
    address TEXT NOT NULL,
    phone TEXT,
    accepts_qr BIGINT NOT NULL DEFAULT 0,
    accepts_card BIGINT NOT NULL DEFAULT 0,
    accepts_ewallet BIGINT NOT NULL DEFAULT 0,
    bank_bin TEXT,
    account_number TEXT,
    account_holder TEXT,
    verified_on TEXT,
    verified_by TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (unit_id, identity)
);
CREATE INDEX merchants_street ON merchants (street_id);
CREATE TABLE consumption_offers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    campaign_id BIGINT NOT NULL REFERENCES campaigns (id),
    enterprise TEXT NOT NULL,
    sector TEXT NOT NULL,
    offer TEXT NOT NULL,
    channel_url TEXT,
    valid_from TEXT NOT NULL,
    valid_to TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX consumption_offers_campaign ON consumption_offers (campaign_id);
