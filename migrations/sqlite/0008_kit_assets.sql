-- The identity kit: a campaign's assets. A file is stored once by its content hash
-- (file_key); an external video has a URL instead of a file.
CREATE TABLE kit_assets (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    campaign_id BIGINT NOT NULL REFERENCES campaigns (id),
    title TEXT NOT NULL,
    category TEXT NOT NULL,
    usage_notes TEXT,
    display_from TEXT NOT NULL,
    display_to TEXT NOT NULL,
    format TEXT NOT NULL,
    file_key TEXT,
    preview_key TEXT,
    sha256 TEXT,
    size BIGINT,
    width BIGINT,
    height BIGINT,
    external_url TEXT,
    downloads BIGINT NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    archived_at TEXT
);
CREATE INDEX kit_assets_campaign ON kit_assets (campaign_id);
