-- What community teams do and report: activities with counts per indicator code
-- (missing indicators have no row: missing is not 0), period reports of a team
-- (team_id set) or of a ward (team_id NULL) with their figures, and targets (chỉ tiêu)
-- per team or ward, month and indicator.
CREATE TABLE team_activities (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    team_id BIGINT NOT NULL REFERENCES community_teams (id),
    ward_id BIGINT NOT NULL REFERENCES units (id),
    group_id BIGINT NOT NULL REFERENCES residential_groups (id),
    held_on TEXT NOT NULL,
    kind TEXT NOT NULL,
    place TEXT,
    note TEXT,
    recorded_by BIGINT REFERENCES users (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX team_activities_team ON team_activities (team_id, held_on);
CREATE INDEX team_activities_ward ON team_activities (ward_id, held_on);
CREATE INDEX team_activities_day ON team_activities (held_on);
CREATE TABLE team_activity_counts (
    activity_id BIGINT NOT NULL REFERENCES team_activities (id) ON DELETE CASCADE,
    indicator TEXT NOT NULL,
    value BIGINT NOT NULL CHECK (value >= 0),
    PRIMARY KEY (activity_id, indicator)
);
CREATE TABLE team_reports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ward_id BIGINT NOT NULL REFERENCES units (id),
    team_id BIGINT REFERENCES community_teams (id),
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    status TEXT NOT NULL,
    return_note TEXT,
    submitted_at TEXT,
    submitted_by BIGINT REFERENCES users (id),
    reviewed_at TEXT,
    reviewed_by BIGINT REFERENCES users (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX team_reports_one ON team_reports (ward_id, COALESCE(team_id, 0), period_start);
CREATE INDEX team_reports_period ON team_reports (period_start, status);
CREATE TABLE team_report_values (
    report_id BIGINT NOT NULL REFERENCES team_reports (id) ON DELETE CASCADE,
    indicator TEXT NOT NULL,
    value BIGINT CHECK (value >= 0),
    PRIMARY KEY (report_id, indicator)
);
CREATE TABLE team_targets (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ward_id BIGINT NOT NULL REFERENCES units (id),
    team_id BIGINT REFERENCES community_teams (id),
    period_start TEXT NOT NULL,
    indicator TEXT NOT NULL,
    value BIGINT NOT NULL CHECK (value >= 0),
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX team_targets_one ON team_targets (ward_id, COALESCE(team_id, 0), period_start, indicator);
-- The enum columns' rules, as triggers (see 0013).
CREATE TRIGGER team_activities_kind_check_insert BEFORE INSERT ON team_activities
WHEN NEW.kind NOT IN ('door_to_door', 'guidance_session', 'training_class', 'help_desk')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: team_activities_kind_check');
END;
CREATE TRIGGER team_activities_kind_check_update BEFORE UPDATE OF kind ON team_activities
WHEN NEW.kind NOT IN ('door_to_door', 'guidance_session', 'training_class', 'help_desk')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: team_activities_kind_check');
END;
CREATE TRIGGER team_reports_status_check_insert BEFORE INSERT ON team_reports
WHEN NEW.status NOT IN ('draft', 'submitted', 'returned', 'approved')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: team_reports_status_check');
END;
CREATE TRIGGER team_reports_status_check_update BEFORE UPDATE OF status ON team_reports
WHEN NEW.status NOT IN ('draft', 'submitted', 'returned', 'approved')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: team_reports_status_check');
END;
