-- Community digital technology teams (tổ công nghệ số cộng đồng): a ward's residential
-- groups (tổ dân phố, thôn), one team per group with its founding decision, status and
-- successor after a merger, and its public contact; the members (personal data: only
-- the ward and the office see them). A community_team_member account belongs to a team.
CREATE TABLE residential_groups (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ward_id BIGINT NOT NULL REFERENCES units (id),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    households BIGINT,
    population BIGINT,
    archived_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (ward_id, code)
);
CREATE TABLE community_teams (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ward_id BIGINT NOT NULL REFERENCES units (id),
    group_id BIGINT NOT NULL REFERENCES residential_groups (id),
    name TEXT NOT NULL,
    search_key TEXT NOT NULL,
    status TEXT NOT NULL,
    decision_number TEXT,
    decision_date TEXT,
    decision_issuer TEXT,
    decision_file_key TEXT,
    successor_id BIGINT REFERENCES community_teams (id),
    contact_name TEXT,
    contact_phone TEXT,
    help_line TEXT,
    network_member BIGINT NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX community_teams_ward ON community_teams (ward_id);
CREATE INDEX community_teams_group ON community_teams (group_id);
CREATE TABLE team_members (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    team_id BIGINT NOT NULL REFERENCES community_teams (id),
    ward_id BIGINT NOT NULL REFERENCES units (id),
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    organisation TEXT,
    phone TEXT,
    joined_on TEXT,
    left_on TEXT,
    platform TEXT,
    certificate_ref TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX team_members_team ON team_members (team_id);
ALTER TABLE users ADD COLUMN team_id BIGINT REFERENCES community_teams (id);
-- The enum columns' rules, as triggers (see 0013).
CREATE TRIGGER community_teams_status_check_insert BEFORE INSERT ON community_teams
WHEN NEW.status NOT IN ('active', 'merged', 'dissolved')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: community_teams_status_check');
END;
CREATE TRIGGER community_teams_status_check_update BEFORE UPDATE OF status ON community_teams
WHEN NEW.status NOT IN ('active', 'merged', 'dissolved')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: community_teams_status_check');
END;
CREATE TRIGGER team_members_role_check_insert BEFORE INSERT ON team_members
WHEN NEW.role NOT IN ('leader', 'deputy', 'member')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: team_members_role_check');
END;
CREATE TRIGGER team_members_role_check_update BEFORE UPDATE OF role ON team_members
WHEN NEW.role NOT IN ('leader', 'deputy', 'member')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: team_members_role_check');
END;
CREATE TRIGGER team_members_platform_check_insert BEFORE INSERT ON team_members
WHEN NEW.platform IS NOT NULL AND NEW.platform NOT IN ('onetouch', 'bdhvs', 'other')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: team_members_platform_check');
END;
CREATE TRIGGER team_members_platform_check_update BEFORE UPDATE OF platform ON team_members
WHEN NEW.platform IS NOT NULL AND NEW.platform NOT IN ('onetouch', 'bdhvs', 'other')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: team_members_platform_check');
END;
