-- Every column that stores one of a fixed set of names (an enum of dxday-domain) accepts
-- only those names. The lists are the enums' stored names; a test compares them with
-- the code (crates/dxday/tests/it/enum_checks.rs).
-- SQLite cannot add a CHECK constraint to an existing table without rebuilding it (and
-- every table that refers to it), so here the same rule is a pair of triggers per column
-- that abort the statement, as a CHECK would.

CREATE TRIGGER units_kind_check_insert BEFORE INSERT ON units
WHEN NEW.kind NOT IN ('peoples_committee', 'office', 'department', 'mass_organisation', 'public_service_centre', 'ward', 'school')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: units_kind_check');
END;

CREATE TRIGGER units_kind_check_update BEFORE UPDATE OF kind ON units
WHEN NEW.kind NOT IN ('peoples_committee', 'office', 'department', 'mass_organisation', 'public_service_centre', 'ward', 'school')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: units_kind_check');
END;

CREATE TRIGGER users_role_check_insert BEFORE INSERT ON users
WHEN NEW.role NOT IN ('admin', 'office_staff', 'office_leader', 'unit_focal_point', 'community_team_member')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: users_role_check');
END;

CREATE TRIGGER users_role_check_update BEFORE UPDATE OF role ON users
WHEN NEW.role NOT IN ('admin', 'office_staff', 'office_leader', 'unit_focal_point', 'community_team_member')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: users_role_check');
END;

CREATE TRIGGER documents_kind_check_insert BEFORE INSERT ON documents
WHEN NEW.kind NOT IN ('dispatch', 'plan', 'notice', 'report', 'decision', 'invitation', 'guidance', 'programme', 'resolution', 'directive', 'regulation', 'rule', 'communique', 'scheme', 'project', 'proposal', 'minutes', 'submission', 'contract', 'telegram', 'memorandum', 'agreement', 'power_of_attorney', 'introduction', 'leave_permit', 'sending_slip', 'transfer_slip', 'notice_slip', 'public_letter')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: documents_kind_check');
END;

CREATE TRIGGER documents_kind_check_update BEFORE UPDATE OF kind ON documents
WHEN NEW.kind NOT IN ('dispatch', 'plan', 'notice', 'report', 'decision', 'invitation', 'guidance', 'programme', 'resolution', 'directive', 'regulation', 'rule', 'communique', 'scheme', 'project', 'proposal', 'minutes', 'submission', 'contract', 'telegram', 'memorandum', 'agreement', 'power_of_attorney', 'introduction', 'leave_permit', 'sending_slip', 'transfer_slip', 'notice_slip', 'public_letter')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: documents_kind_check');
END;

CREATE TRIGGER documents_status_check_insert BEFORE INSERT ON documents
WHEN NEW.status NOT IN ('draft', 'issuing', 'issued', 'recalled')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: documents_status_check');
END;

CREATE TRIGGER documents_status_check_update BEFORE UPDATE OF status ON documents
WHEN NEW.status NOT IN ('draft', 'issuing', 'issued', 'recalled')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: documents_status_check');
END;

CREATE TRIGGER documents_urgency_check_insert BEFORE INSERT ON documents
WHEN NEW.urgency NOT IN ('normal', 'urgent', 'very_urgent', 'flash')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: documents_urgency_check');
END;

CREATE TRIGGER documents_urgency_check_update BEFORE UPDATE OF urgency ON documents
WHEN NEW.urgency NOT IN ('normal', 'urgent', 'very_urgent', 'flash')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: documents_urgency_check');
END;

CREATE TRIGGER documents_circulation_check_insert BEFORE INSERT ON documents
WHEN NEW.circulation NOT IN ('open', 'return_after_reading', 'internal_only')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: documents_circulation_check');
END;

CREATE TRIGGER documents_circulation_check_update BEFORE UPDATE OF circulation ON documents
WHEN NEW.circulation NOT IN ('open', 'return_after_reading', 'internal_only')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: documents_circulation_check');
END;

CREATE TRIGGER frames_aspect_check_insert BEFORE INSERT ON frames
WHEN NEW.aspect NOT IN ('1:1', '4:5', '9:16')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: frames_aspect_check');
END;

CREATE TRIGGER frames_aspect_check_update BEFORE UPDATE OF aspect ON frames
WHEN NEW.aspect NOT IN ('1:1', '4:5', '9:16')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: frames_aspect_check');
END;

CREATE TRIGGER tasks_activity_check_insert BEFORE INSERT ON tasks
WHEN NEW.activity NOT IN ('propagation', 'plan_task', 'emulation_movement', 'digital_consumption_month', 'community_teams', 'online_payment_streets', 'honours', 'identity_kit_display', 'avatar_frame')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: tasks_activity_check');
END;

CREATE TRIGGER tasks_activity_check_update BEFORE UPDATE OF activity ON tasks
WHEN NEW.activity NOT IN ('propagation', 'plan_task', 'emulation_movement', 'digital_consumption_month', 'community_teams', 'online_payment_streets', 'honours', 'identity_kit_display', 'avatar_frame')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: tasks_activity_check');
END;

CREATE TRIGGER task_assignments_role_check_insert BEFORE INSERT ON task_assignments
WHEN NEW.role NOT IN ('lead', 'support', 'watch')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: task_assignments_role_check');
END;

CREATE TRIGGER task_assignments_role_check_update BEFORE UPDATE OF role ON task_assignments
WHEN NEW.role NOT IN ('lead', 'support', 'watch')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: task_assignments_role_check');
END;

CREATE TRIGGER report_requests_kind_check_insert BEFORE INSERT ON report_requests
WHEN NEW.kind NOT IN ('periodic', 'thematic', 'ad_hoc')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: report_requests_kind_check');
END;

CREATE TRIGGER report_requests_kind_check_update BEFORE UPDATE OF kind ON report_requests
WHEN NEW.kind NOT IN ('periodic', 'thematic', 'ad_hoc')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: report_requests_kind_check');
END;

CREATE TRIGGER report_indicators_kind_check_insert BEFORE INSERT ON report_indicators
WHEN NEW.kind NOT IN ('number', 'text', 'file')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: report_indicators_kind_check');
END;

CREATE TRIGGER report_indicators_kind_check_update BEFORE UPDATE OF kind ON report_indicators
WHEN NEW.kind NOT IN ('number', 'text', 'file')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: report_indicators_kind_check');
END;

CREATE TRIGGER report_indicators_aggregation_check_insert BEFORE INSERT ON report_indicators
WHEN NEW.aggregation NOT IN ('sum', 'max', 'latest')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: report_indicators_aggregation_check');
END;

CREATE TRIGGER report_indicators_aggregation_check_update BEFORE UPDATE OF aggregation ON report_indicators
WHEN NEW.aggregation NOT IN ('sum', 'max', 'latest')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: report_indicators_aggregation_check');
END;

CREATE TRIGGER unit_reports_status_check_insert BEFORE INSERT ON unit_reports
WHEN NEW.status NOT IN ('draft', 'submitted', 'returned', 'approved')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: unit_reports_status_check');
END;

CREATE TRIGGER unit_reports_status_check_update BEFORE UPDATE OF status ON unit_reports
WHEN NEW.status NOT IN ('draft', 'submitted', 'returned', 'approved')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: unit_reports_status_check');
END;

CREATE TRIGGER kit_assets_category_check_insert BEFORE INSERT ON kit_assets
WHEN NEW.category NOT IN ('logo', 'portal_banner', 'screen_slide', 'social_image', 'poster', 'avatar_frame', 'guideline', 'video')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: kit_assets_category_check');
END;

CREATE TRIGGER kit_assets_category_check_update BEFORE UPDATE OF category ON kit_assets
WHEN NEW.category NOT IN ('logo', 'portal_banner', 'screen_slide', 'social_image', 'poster', 'avatar_frame', 'guideline', 'video')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: kit_assets_category_check');
END;

CREATE TRIGGER kit_assets_format_check_insert BEFORE INSERT ON kit_assets
WHEN NEW.format NOT IN ('png', 'jpg', 'webp', 'pdf', 'svg', 'mp4', 'link')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: kit_assets_format_check');
END;

CREATE TRIGGER kit_assets_format_check_update BEFORE UPDATE OF format ON kit_assets
WHEN NEW.format NOT IN ('png', 'jpg', 'webp', 'pdf', 'svg', 'mp4', 'link')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: kit_assets_format_check');
END;

CREATE TRIGGER display_evidence_channel_check_insert BEFORE INSERT ON display_evidence
WHEN NEW.channel NOT IN ('portal', 'e_board', 'public_screen', 'app', 'social_page')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: display_evidence_channel_check');
END;

CREATE TRIGGER display_evidence_channel_check_update BEFORE UPDATE OF channel ON display_evidence
WHEN NEW.channel NOT IN ('portal', 'e_board', 'public_screen', 'app', 'social_page')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: display_evidence_channel_check');
END;

CREATE TRIGGER payment_streets_status_check_insert BEFORE INSERT ON payment_streets
WHEN NEW.status NOT IN ('surveying', 'deploying', 'launched')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: payment_streets_status_check');
END;

CREATE TRIGGER payment_streets_status_check_update BEFORE UPDATE OF status ON payment_streets
WHEN NEW.status NOT IN ('surveying', 'deploying', 'launched')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: payment_streets_status_check');
END;

CREATE TRIGGER merchants_kind_check_insert BEFORE INSERT ON merchants
WHEN NEW.kind NOT IN ('household', 'enterprise')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: merchants_kind_check');
END;

CREATE TRIGGER merchants_kind_check_update BEFORE UPDATE OF kind ON merchants
WHEN NEW.kind NOT IN ('household', 'enterprise')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: merchants_kind_check');
END;
