-- Where each unit displayed the identity kit: a channel (portal, e-board, public
-- screen, app, social page), its place, the days shown, and a photo or screenshot as
-- evidence (stored by content hash, with its preview).
CREATE TABLE display_evidence (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    campaign_id BIGINT NOT NULL REFERENCES campaigns (id),
    unit_id BIGINT NOT NULL REFERENCES units (id),
    channel TEXT NOT NULL,
    place TEXT NOT NULL,
    shown_from TEXT NOT NULL,
    shown_to TEXT NOT NULL,
    note TEXT,
    photo_key TEXT NOT NULL,
    preview_key TEXT NOT NULL,
    photo_format TEXT NOT NULL,
    photo_size BIGINT NOT NULL,
    created_by BIGINT REFERENCES users (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX display_evidence_campaign_unit ON display_evidence (campaign_id, unit_id);
