-- Emulation and honours: the dated rules (Căn cứ lines, award types and who may give
-- them, the councils' voting rules), movements and their units, nominations with the
-- log of every change of status, council sessions with the ballot counts, award
-- decisions (a document of the register) with their entries, the award register's
-- numbers, revocations, the certificates' print positions and honours without a
-- decision (tôn vinh).
CREATE TABLE legal_bases (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    topic TEXT NOT NULL,
    citation TEXT NOT NULL,
    effective_from TEXT NOT NULL,
    effective_to TEXT,
    position BIGINT NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
CREATE TABLE award_types (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    class TEXT NOT NULL,
    for_collectives BIGINT NOT NULL DEFAULT 1,
    for_persons BIGINT NOT NULL DEFAULT 1,
    basis_for_escalation BIGINT NOT NULL DEFAULT 1,
    criteria TEXT
);
CREATE TABLE award_authorities (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    issuer_kind TEXT NOT NULL,
    award_type_id BIGINT NOT NULL REFERENCES award_types (id),
    effective_from TEXT NOT NULL,
    effective_to TEXT,
    needs_council BIGINT NOT NULL DEFAULT 1,
    note TEXT
);
CREATE INDEX award_authorities_kind ON award_authorities (issuer_kind, award_type_id);
CREATE TABLE voting_rules (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    method TEXT NOT NULL,
    denominator TEXT NOT NULL,
    threshold_num BIGINT NOT NULL,
    threshold_den BIGINT NOT NULL CHECK (threshold_den > 0),
    quorum_num BIGINT NOT NULL,
    quorum_den BIGINT NOT NULL CHECK (quorum_den > 0),
    count_written BIGINT NOT NULL DEFAULT 0,
    note TEXT
);
CREATE TABLE movements (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    campaign_id BIGINT REFERENCES campaigns (id),
    unit_id BIGINT NOT NULL REFERENCES units (id),
    document_id BIGINT REFERENCES documents (id),
    title TEXT NOT NULL,
    slogan TEXT,
    criteria TEXT NOT NULL,
    intake_from TEXT NOT NULL,
    intake_to TEXT NOT NULL,
    midterm_on TEXT,
    final_on TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE movement_units (
    movement_id BIGINT NOT NULL REFERENCES movements (id),
    unit_id BIGINT NOT NULL REFERENCES units (id),
    registered_at TEXT,
    pledge TEXT,
    PRIMARY KEY (movement_id, unit_id)
);
CREATE TABLE nominations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    movement_id BIGINT NOT NULL REFERENCES movements (id),
    unit_id BIGINT NOT NULL REFERENCES units (id),
    recipient TEXT NOT NULL,
    name TEXT NOT NULL,
    gender TEXT,
    position TEXT,
    work_unit TEXT NOT NULL,
    staff_code TEXT,
    person_key TEXT NOT NULL,
    award_type_id BIGINT NOT NULL REFERENCES award_types (id),
    procedure TEXT NOT NULL,
    report TEXT,
    report_file_key TEXT,
    citation TEXT NOT NULL,
    hold_discipline BIGINT NOT NULL DEFAULT 0,
    hold_investigation BIGINT NOT NULL DEFAULT 0,
    hold_complaint BIGINT NOT NULL DEFAULT 0,
    status TEXT NOT NULL,
    return_reason TEXT,
    created_by BIGINT REFERENCES users (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX nominations_one ON nominations (movement_id, person_key);
CREATE INDEX nominations_unit ON nominations (unit_id, movement_id);
CREATE INDEX nominations_person ON nominations (person_key);
CREATE TABLE nomination_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    nomination_id BIGINT NOT NULL REFERENCES nominations (id),
    at TEXT NOT NULL,
    actor_user_id BIGINT REFERENCES users (id),
    step TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT NOT NULL,
    reason TEXT
);
CREATE INDEX nomination_events_of ON nomination_events (nomination_id, id);
CREATE TABLE council_sessions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    movement_id BIGINT NOT NULL REFERENCES movements (id),
    unit_id BIGINT NOT NULL REFERENCES units (id),
    held_on TEXT NOT NULL,
    place TEXT NOT NULL,
    chair_name TEXT NOT NULL,
    secretary_name TEXT NOT NULL,
    members_total BIGINT NOT NULL CHECK (members_total > 0),
    members_present BIGINT NOT NULL CHECK (members_present >= 0),
    written_opinions BIGINT NOT NULL DEFAULT 0 CHECK (written_opinions >= 0),
    method TEXT NOT NULL,
    denominator TEXT NOT NULL,
    threshold_num BIGINT NOT NULL,
    threshold_den BIGINT NOT NULL CHECK (threshold_den > 0),
    quorum_num BIGINT NOT NULL,
    quorum_den BIGINT NOT NULL CHECK (quorum_den > 0),
    count_written BIGINT NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE council_ballots (
    session_id BIGINT NOT NULL REFERENCES council_sessions (id),
    nomination_id BIGINT NOT NULL UNIQUE REFERENCES nominations (id),
    votes_for BIGINT CHECK (votes_for >= 0),
    against BIGINT CHECK (against >= 0),
    blank BIGINT CHECK (blank >= 0),
    invalid BIGINT CHECK (invalid >= 0),
    position BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (session_id, nomination_id)
);
CREATE TABLE award_decisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    movement_id BIGINT NOT NULL REFERENCES movements (id),
    session_id BIGINT REFERENCES council_sessions (id),
    unit_id BIGINT NOT NULL REFERENCES units (id),
    issuer_kind TEXT NOT NULL,
    award_type_id BIGINT NOT NULL REFERENCES award_types (id),
    document_id BIGINT NOT NULL UNIQUE REFERENCES documents (id),
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE award_registers (
    unit_id BIGINT NOT NULL REFERENCES units (id),
    year BIGINT NOT NULL,
    next_number BIGINT NOT NULL,
    PRIMARY KEY (unit_id, year)
);
CREATE TABLE award_entries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    decision_id BIGINT NOT NULL REFERENCES award_decisions (id),
    nomination_id BIGINT NOT NULL UNIQUE REFERENCES nominations (id),
    position BIGINT NOT NULL,
    unit_id BIGINT NOT NULL REFERENCES units (id),
    year BIGINT,
    register_no BIGINT,
    basis_for_escalation BIGINT NOT NULL DEFAULT 0,
    revoked_at TEXT,
    revoked_reason TEXT,
    revoked_by BIGINT REFERENCES users (id)
);
CREATE UNIQUE INDEX award_entries_register ON award_entries (unit_id, year, register_no);
CREATE INDEX award_entries_decision ON award_entries (decision_id, position);
CREATE TABLE certificate_layouts (
    unit_id BIGINT PRIMARY KEY REFERENCES units (id),
    positions TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE honour_mentions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    campaign_id BIGINT REFERENCES campaigns (id),
    unit_id BIGINT NOT NULL REFERENCES units (id),
    year BIGINT NOT NULL,
    recipient TEXT NOT NULL,
    name TEXT NOT NULL,
    work_unit TEXT,
    citation TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX honour_mentions_year ON honour_mentions (year, unit_id);
CREATE TRIGGER legal_bases_topic_check_insert BEFORE INSERT ON legal_bases
WHEN NEW.topic NOT IN ('local_government', 'emulation', 'digital_transformation')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: legal_bases_topic_check');
END;
CREATE TRIGGER legal_bases_topic_check_update BEFORE UPDATE OF topic ON legal_bases
WHEN NEW.topic NOT IN ('local_government', 'emulation', 'digital_transformation')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: legal_bases_topic_check');
END;
CREATE TRIGGER award_types_class_check_insert BEFORE INSERT ON award_types
WHEN NEW.class NOT IN ('title', 'commendation')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: award_types_class_check');
END;
CREATE TRIGGER award_types_class_check_update BEFORE UPDATE OF class ON award_types
WHEN NEW.class NOT IN ('title', 'commendation')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: award_types_class_check');
END;
CREATE TRIGGER award_authorities_issuer_kind_check_insert BEFORE INSERT ON award_authorities
WHEN NEW.issuer_kind NOT IN ('ward_chair', 'district_chair', 'province_chair', 'department_director', 'school_principal')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: award_authorities_issuer_kind_check');
END;
CREATE TRIGGER award_authorities_issuer_kind_check_update BEFORE UPDATE OF issuer_kind ON award_authorities
WHEN NEW.issuer_kind NOT IN ('ward_chair', 'district_chair', 'province_chair', 'department_director', 'school_principal')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: award_authorities_issuer_kind_check');
END;
CREATE TRIGGER voting_rules_method_check_insert BEFORE INSERT ON voting_rules
WHEN NEW.method NOT IN ('secret_ballot', 'show_of_hands')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: voting_rules_method_check');
END;
CREATE TRIGGER voting_rules_method_check_update BEFORE UPDATE OF method ON voting_rules
WHEN NEW.method NOT IN ('secret_ballot', 'show_of_hands')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: voting_rules_method_check');
END;
CREATE TRIGGER voting_rules_denominator_check_insert BEFORE INSERT ON voting_rules
WHEN NEW.denominator NOT IN ('all_members', 'voters')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: voting_rules_denominator_check');
END;
CREATE TRIGGER voting_rules_denominator_check_update BEFORE UPDATE OF denominator ON voting_rules
WHEN NEW.denominator NOT IN ('all_members', 'voters')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: voting_rules_denominator_check');
END;
CREATE TRIGGER nominations_recipient_check_insert BEFORE INSERT ON nominations
WHEN NEW.recipient NOT IN ('collective', 'person')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: nominations_recipient_check');
END;
CREATE TRIGGER nominations_recipient_check_update BEFORE UPDATE OF recipient ON nominations
WHEN NEW.recipient NOT IN ('collective', 'person')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: nominations_recipient_check');
END;
CREATE TRIGGER nominations_procedure_check_insert BEFORE INSERT ON nominations
WHEN NEW.procedure NOT IN ('ordinary', 'simplified')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: nominations_procedure_check');
END;
CREATE TRIGGER nominations_procedure_check_update BEFORE UPDATE OF procedure ON nominations
WHEN NEW.procedure NOT IN ('ordinary', 'simplified')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: nominations_procedure_check');
END;
CREATE TRIGGER nominations_status_check_insert BEFORE INSERT ON nominations
WHEN NEW.status NOT IN ('draft', 'submitted', 'returned', 'accepted', 'proposed', 'awarded', 'not_awarded')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: nominations_status_check');
END;
CREATE TRIGGER nominations_status_check_update BEFORE UPDATE OF status ON nominations
WHEN NEW.status NOT IN ('draft', 'submitted', 'returned', 'accepted', 'proposed', 'awarded', 'not_awarded')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: nominations_status_check');
END;
CREATE TRIGGER council_sessions_method_check_insert BEFORE INSERT ON council_sessions
WHEN NEW.method NOT IN ('secret_ballot', 'show_of_hands')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: council_sessions_method_check');
END;
CREATE TRIGGER council_sessions_method_check_update BEFORE UPDATE OF method ON council_sessions
WHEN NEW.method NOT IN ('secret_ballot', 'show_of_hands')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: council_sessions_method_check');
END;
CREATE TRIGGER council_sessions_denominator_check_insert BEFORE INSERT ON council_sessions
WHEN NEW.denominator NOT IN ('all_members', 'voters')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: council_sessions_denominator_check');
END;
CREATE TRIGGER council_sessions_denominator_check_update BEFORE UPDATE OF denominator ON council_sessions
WHEN NEW.denominator NOT IN ('all_members', 'voters')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: council_sessions_denominator_check');
END;
CREATE TRIGGER award_decisions_issuer_kind_check_insert BEFORE INSERT ON award_decisions
WHEN NEW.issuer_kind NOT IN ('ward_chair', 'district_chair', 'province_chair', 'department_director', 'school_principal')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: award_decisions_issuer_kind_check');
END;
CREATE TRIGGER award_decisions_issuer_kind_check_update BEFORE UPDATE OF issuer_kind ON award_decisions
WHEN NEW.issuer_kind NOT IN ('ward_chair', 'district_chair', 'province_chair', 'department_director', 'school_principal')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: award_decisions_issuer_kind_check');
END;
CREATE TRIGGER award_decisions_status_check_insert BEFORE INSERT ON award_decisions
WHEN NEW.status NOT IN ('draft', 'issued')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: award_decisions_status_check');
END;
CREATE TRIGGER award_decisions_status_check_update BEFORE UPDATE OF status ON award_decisions
WHEN NEW.status NOT IN ('draft', 'issued')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: award_decisions_status_check');
END;
CREATE TRIGGER honour_mentions_recipient_check_insert BEFORE INSERT ON honour_mentions
WHEN NEW.recipient NOT IN ('collective', 'person')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: honour_mentions_recipient_check');
END;
CREATE TRIGGER honour_mentions_recipient_check_update BEFORE UPDATE OF recipient ON honour_mentions
WHEN NEW.recipient NOT IN ('collective', 'person')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: honour_mentions_recipient_check');
END;
CREATE TRIGGER nominations_gender_check_insert BEFORE INSERT ON nominations
WHEN NEW.gender NOT IN ('female', 'male')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: nominations_gender_check');
END;
CREATE TRIGGER nominations_gender_check_update BEFORE UPDATE OF gender ON nominations
WHEN NEW.gender NOT IN ('female', 'male')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: nominations_gender_check');
END;
