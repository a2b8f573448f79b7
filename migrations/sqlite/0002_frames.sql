-- Avatar frames and anonymous participation counts.

CREATE TABLE frames (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    campaign_id BIGINT NOT NULL REFERENCES campaigns (id),
    title TEXT NOT NULL,
    aspect TEXT NOT NULL,
    width BIGINT NOT NULL,
    height BIGINT NOT NULL,
    transparent_permille BIGINT NOT NULL,
    circle_safe BIGINT NOT NULL,
    png BLOB NOT NULL,
    sha256 TEXT NOT NULL,
    active_from TEXT NOT NULL,
    active_to TEXT NOT NULL,
    position BIGINT NOT NULL DEFAULT 0,
    archived_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX frames_campaign ON frames (campaign_id);

-- One row per frame, day (Vietnam date) and unit (0 = no unit link); no person, photo
-- or address is ever stored.
CREATE TABLE frame_downloads (
    frame_id BIGINT NOT NULL REFERENCES frames (id),
    day TEXT NOT NULL,
    unit_key BIGINT NOT NULL,
    downloads BIGINT NOT NULL,
    PRIMARY KEY (frame_id, day, unit_key)
);
