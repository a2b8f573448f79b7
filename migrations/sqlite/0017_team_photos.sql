-- Photos of a team's activity (checked and stored as display evidence is, with a
-- preview), at most three an activity. The founding decision's PDF of a team is
-- community_teams.decision_file_key (0015).
CREATE TABLE team_activity_photos (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    activity_id BIGINT NOT NULL REFERENCES team_activities (id) ON DELETE CASCADE,
    ward_id BIGINT NOT NULL REFERENCES units (id),
    file_key TEXT NOT NULL,
    preview_key TEXT NOT NULL,
    format TEXT NOT NULL,
    size BIGINT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX team_activity_photos_activity ON team_activity_photos (activity_id);
