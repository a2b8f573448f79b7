-- Every column that stores one of a fixed set of names (an enum of dxday-domain) accepts
-- only those names. The lists are the enums' stored names; a test compares them with
-- the code (crates/dxday/tests/it/enum_checks.rs).

ALTER TABLE units ADD CONSTRAINT units_kind_check CHECK (kind IN ('peoples_committee', 'office', 'department', 'mass_organisation', 'public_service_centre', 'ward', 'school'));

ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('admin', 'office_staff', 'office_leader', 'unit_focal_point', 'community_team_member'));

ALTER TABLE documents ADD CONSTRAINT documents_kind_check CHECK (kind IN ('dispatch', 'plan', 'notice', 'report', 'decision', 'invitation', 'guidance', 'programme', 'resolution', 'directive', 'regulation', 'rule', 'communique', 'scheme', 'project', 'proposal', 'minutes', 'submission', 'contract', 'telegram', 'memorandum', 'agreement', 'power_of_attorney', 'introduction', 'leave_permit', 'sending_slip', 'transfer_slip', 'notice_slip', 'public_letter'));

ALTER TABLE documents ADD CONSTRAINT documents_status_check CHECK (status IN ('draft', 'issuing', 'issued', 'recalled'));

ALTER TABLE documents ADD CONSTRAINT documents_urgency_check CHECK (urgency IN ('normal', 'urgent', 'very_urgent', 'flash'));

ALTER TABLE documents ADD CONSTRAINT documents_circulation_check CHECK (circulation IN ('open', 'return_after_reading', 'internal_only'));

ALTER TABLE frames ADD CONSTRAINT frames_aspect_check CHECK (aspect IN ('1:1', '4:5', '9:16'));

ALTER TABLE tasks ADD CONSTRAINT tasks_activity_check CHECK (activity IN ('propagation', 'plan_task', 'emulation_movement', 'digital_consumption_month', 'community_teams', 'online_payment_streets', 'honours', 'identity_kit_display', 'avatar_frame'));

ALTER TABLE task_assignments ADD CONSTRAINT task_assignments_role_check CHECK (role IN ('lead', 'support', 'watch'));

ALTER TABLE report_requests ADD CONSTRAINT report_requests_kind_check CHECK (kind IN ('periodic', 'thematic', 'ad_hoc'));

ALTER TABLE report_indicators ADD CONSTRAINT report_indicators_kind_check CHECK (kind IN ('number', 'text', 'file'));

ALTER TABLE report_indicators ADD CONSTRAINT report_indicators_aggregation_check CHECK (aggregation IN ('sum', 'max', 'latest'));

ALTER TABLE unit_reports ADD CONSTRAINT unit_reports_status_check CHECK (status IN ('draft', 'submitted', 'returned', 'approved'));

ALTER TABLE kit_assets ADD CONSTRAINT kit_assets_category_check CHECK (category IN ('logo', 'portal_banner', 'screen_slide', 'social_image', 'poster', 'avatar_frame', 'guideline', 'video'));

ALTER TABLE kit_assets ADD CONSTRAINT kit_assets_format_check CHECK (format IN ('png', 'jpg', 'webp', 'pdf', 'svg', 'mp4', 'link'));

ALTER TABLE display_evidence ADD CONSTRAINT display_evidence_channel_check CHECK (channel IN ('portal', 'e_board', 'public_screen', 'app', 'social_page'));

ALTER TABLE payment_streets ADD CONSTRAINT payment_streets_status_check CHECK (status IN ('surveying', 'deploying', 'launched'));

ALTER TABLE merchants ADD CONSTRAINT merchants_kind_check CHECK (kind IN ('household', 'enterprise'));
