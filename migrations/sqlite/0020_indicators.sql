-- The campaign's indicators: a registry (code, names, measure, definition, level, how
-- the units' figures make the whole, what is counted, which way is better, where the
-- figures come from, public or not, dates in force), the targets per year and level
-- (in thousandths of the measure; a share's in thousandths of a percent), and the
-- values imported as published (an index, with its snapshot date and source).
CREATE TABLE indicators (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    name_en TEXT,
    measure TEXT NOT NULL,
    definition TEXT NOT NULL,
    level TEXT NOT NULL,
    rollup TEXT NOT NULL,
    counting TEXT NOT NULL,
    direction TEXT NOT NULL,
    source TEXT NOT NULL,
    source_code TEXT,
    public BIGINT NOT NULL DEFAULT 0,
    built_in BIGINT NOT NULL DEFAULT 0,
    position BIGINT NOT NULL DEFAULT 0,
    effective_from TEXT,
    effective_to TEXT,
    archived_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE indicator_targets (
    indicator_id BIGINT NOT NULL REFERENCES indicators (id),
    year BIGINT NOT NULL,
    level TEXT NOT NULL,
    milli BIGINT NOT NULL CHECK (milli >= 0),
    basis TEXT,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (indicator_id, year, level)
);
CREATE TABLE indicator_imports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    indicator_id BIGINT NOT NULL REFERENCES indicators (id),
    campaign_id BIGINT NOT NULL REFERENCES campaigns (id),
    unit_id BIGINT REFERENCES units (id),
    milli BIGINT NOT NULL CHECK (milli >= 0),
    snapshot_on TEXT NOT NULL,
    source_url TEXT NOT NULL,
    imported_by BIGINT REFERENCES users (id),
    created_at TEXT NOT NULL
);
CREATE INDEX indicator_imports_of ON indicator_imports (indicator_id, campaign_id, unit_id);
-- The enum columns' rules, as triggers (see 0013).
CREATE TRIGGER indicators_level_check_insert BEFORE INSERT ON indicators
WHEN NEW.level NOT IN ('team', 'unit', 'whole')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: indicators_level_check');
END;
CREATE TRIGGER indicators_level_check_update BEFORE UPDATE OF level ON indicators
WHEN NEW.level NOT IN ('team', 'unit', 'whole')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: indicators_level_check');
END;
CREATE TRIGGER indicators_rollup_check_insert BEFORE INSERT ON indicators
WHEN NEW.rollup NOT IN ('sum', 'latest', 'ratio', 'imported')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: indicators_rollup_check');
END;
CREATE TRIGGER indicators_rollup_check_update BEFORE UPDATE OF rollup ON indicators
WHEN NEW.rollup NOT IN ('sum', 'latest', 'ratio', 'imported')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: indicators_rollup_check');
END;
CREATE TRIGGER indicators_counting_check_insert BEFORE INSERT ON indicators
WHEN NEW.counting NOT IN ('events', 'people')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: indicators_counting_check');
END;
CREATE TRIGGER indicators_counting_check_update BEFORE UPDATE OF counting ON indicators
WHEN NEW.counting NOT IN ('events', 'people')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: indicators_counting_check');
END;
CREATE TRIGGER indicators_direction_check_insert BEFORE INSERT ON indicators
WHEN NEW.direction NOT IN ('higher', 'lower')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: indicators_direction_check');
END;
CREATE TRIGGER indicators_direction_check_update BEFORE UPDATE OF direction ON indicators
WHEN NEW.direction NOT IN ('higher', 'lower')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: indicators_direction_check');
END;
CREATE TRIGGER indicators_source_check_insert BEFORE INSERT ON indicators
WHEN NEW.source NOT IN ('kit_display', 'avatar', 'documents_confirmed', 'tasks_done', 'reports_sent', 'cashless_merchants', 'payment_streets', 'offers', 'teams', 'team_members', 'team_activities', 'awards', 'unit_report', 'import')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: indicators_source_check');
END;
CREATE TRIGGER indicators_source_check_update BEFORE UPDATE OF source ON indicators
WHEN NEW.source NOT IN ('kit_display', 'avatar', 'documents_confirmed', 'tasks_done', 'reports_sent', 'cashless_merchants', 'payment_streets', 'offers', 'teams', 'team_members', 'team_activities', 'awards', 'unit_report', 'import')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: indicators_source_check');
END;
CREATE TRIGGER indicator_targets_level_check_insert BEFORE INSERT ON indicator_targets
WHEN NEW.level NOT IN ('unit', 'whole')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: indicator_targets_level_check');
END;
CREATE TRIGGER indicator_targets_level_check_update BEFORE UPDATE OF level ON indicator_targets
WHEN NEW.level NOT IN ('unit', 'whole')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: indicator_targets_level_check');
END;
INSERT INTO indicators (code, name, name_en, measure, definition, level, rollup, counting, direction, source, source_code, public, built_in, position, created_at, updated_at) VALUES
    ('KIT_DISPLAY', 'Kênh hiển thị bộ nhận diện đủ thời gian (01–10/10)', 'Channels showing the identity kit for the whole display window', 'kênh', 'Kênh có minh chứng hiển thị phủ toàn bộ thời gian hiển thị của chiến dịch ÷ kênh đã có minh chứng.', 'unit', 'ratio', 'events', 'higher', 'kit_display', NULL, 1, 1, 1, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'),
    ('AVATAR', 'Cán bộ, công chức, viên chức thay ảnh đại diện có khung', 'Avatar frame downloads per staff member', 'người', 'Lượt tải khung ảnh qua đường dẫn của đơn vị (tính tối đa bằng số cán bộ của đơn vị) ÷ số cán bộ, công chức, viên chức, người lao động của đơn vị.', 'unit', 'ratio', 'events', 'higher', 'avatar', NULL, 1, 1, 2, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'),
    ('DOCS_CONFIRMED', 'Văn bản chỉ đạo được xác nhận đã nhận', 'Directives confirmed as received', 'lượt', 'Lượt nhận văn bản ban hành trong năm đã được đơn vị xác nhận ÷ lượt văn bản đã gửi đến đơn vị.', 'unit', 'ratio', 'events', 'higher', 'documents_confirmed', NULL, 0, 1, 3, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'),
    ('TASKS_DONE', 'Nhiệm vụ được giao đã hoàn thành', 'Assigned tasks finished', 'nhiệm vụ', 'Nhiệm vụ của kế hoạch (chủ trì, phối hợp) đạt 100% ÷ nhiệm vụ được giao.', 'unit', 'ratio', 'events', 'higher', 'tasks_done', NULL, 0, 1, 4, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'),
    ('REPORTS_SENT', 'Báo cáo đã gửi', 'Reports sent', 'báo cáo', 'Báo cáo đã gửi (chờ duyệt hoặc đã duyệt) ÷ báo cáo được yêu cầu.', 'unit', 'ratio', 'events', 'higher', 'reports_sent', NULL, 0, 1, 5, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'),
    ('MEDIA', 'Tin, bài, phóng sự tuyên truyền', 'News items and reports published', 'tin bài', 'Tin, bài, phóng sự đã đăng, phát, theo báo cáo đã duyệt của đơn vị.', 'unit', 'sum', 'events', 'higher', 'unit_report', 'media_items', 1, 1, 6, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'),
    ('ACTIVITY', 'Hoạt động hưởng ứng', 'Activities held', 'hoạt động', 'Sự kiện, hoạt động hưởng ứng có ngày, địa điểm và người tham dự, theo báo cáo đã duyệt của đơn vị.', 'unit', 'sum', 'events', 'higher', 'unit_report', 'events_held', 1, 1, 7, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'),
    ('ATTEND', 'Lượt người tham dự', 'Attendance', 'lượt người', 'Lượt người tham dự các hoạt động (đếm lượt: một người dự hai hoạt động được đếm hai lần), theo báo cáo đã duyệt.', 'unit', 'sum', 'events', 'higher', 'unit_report', 'event_attendance', 1, 1, 8, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'),
    ('TEAM_N', 'Tổ công nghệ số cộng đồng đang hoạt động', 'Active community digital technology teams', 'tổ', 'Tổ đang hoạt động tại thời điểm xem số liệu.', 'unit', 'latest', 'events', 'higher', 'teams', NULL, 1, 1, 9, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'),
    ('TEAM_MEMBERS', 'Thành viên Tổ công nghệ số cộng đồng', 'Members of the teams', 'người', 'Thành viên của các tổ đang hoạt động, chưa rời tổ.', 'unit', 'latest', 'people', 'higher', 'team_members', NULL, 1, 1, 10, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'),
    ('GUIDED', 'Người dân được hướng dẫn, hỗ trợ kỹ năng số', 'People guided by the teams', 'người', 'Người dân được các tổ hướng dẫn, ghi trên hoạt động của tổ trong thời gian chiến dịch.', 'team', 'sum', 'people', 'higher', 'team_activities', 'people_guided', 1, 1, 11, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'),
    ('VNEID_L2', 'Tài khoản VNeID mức 2 được hỗ trợ kích hoạt', 'VNeID level-2 accounts activated with help', 'tài khoản', 'Tài khoản định danh điện tử mức 2 được kích hoạt và đăng nhập thành công với sự hỗ trợ của tổ.', 'team', 'sum', 'people', 'higher', 'team_activities', 'vneid_activated', 1, 1, 12, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'),
    ('DVC_ONLINE', 'Hồ sơ dịch vụ công trực tuyến được hỗ trợ nộp', 'Online public-service applications helped', 'hồ sơ', 'Hồ sơ được nộp trực tuyến với sự hỗ trợ của tổ trong thời gian chiến dịch.', 'team', 'sum', 'events', 'higher', 'team_activities', 'online_dossiers', 1, 1, 13, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'),
    ('CASHLESS_MERCH', 'Hộ kinh doanh chấp nhận thanh toán không dùng tiền mặt', 'Shops accepting cashless payment', 'hộ', 'Hộ kinh doanh trên các tuyến phố thanh toán trực tuyến có mã VietQR, thẻ hoặc ví điện tử ÷ hộ kinh doanh trên tuyến.', 'unit', 'ratio', 'events', 'higher', 'cashless_merchants', NULL, 1, 1, 14, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'),
    ('PAY_STREETS', 'Tuyến phố thanh toán trực tuyến đã ra mắt', 'Online-payment streets launched', 'tuyến', 'Tuyến phố đã ra mắt.', 'unit', 'sum', 'events', 'higher', 'payment_streets', NULL, 1, 1, 15, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'),
    ('OFFERS', 'Ưu đãi Tháng tiêu dùng số', 'Digital consumption month offers', 'ưu đãi', 'Ưu đãi của doanh nghiệp đã đăng ký trong Tháng tiêu dùng số.', 'whole', 'sum', 'events', 'higher', 'offers', NULL, 1, 1, 16, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'),
    ('AWARDS', 'Tập thể, cá nhân được khen thưởng', 'Collectives and persons awarded', 'tập thể, cá nhân', 'Tập thể, cá nhân được khen theo quyết định ban hành trong năm của chiến dịch, không tính khen thưởng đã thu hồi.', 'unit', 'sum', 'events', 'higher', 'awards', NULL, 1, 1, 17, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'),
    ('SVC_INDEX', 'Chỉ số phục vụ người dân, doanh nghiệp (QĐ 766/QĐ-TTg)', 'Service index for citizens and businesses (Decision 766)', 'điểm', 'Điểm trên thang 100 do Cổng Dịch vụ công quốc gia công bố; nhập kèm ngày chốt số liệu và đường dẫn nguồn.', 'unit', 'imported', 'events', 'higher', 'import', NULL, 1, 1, 18, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z');
