-- The results report a campaign's office sends upward (báo cáo kết quả): to whom
-- (Kính gửi, one a line), who else receives it (Nơi nhận, one a line), who signs it,
-- and the words the office writes itself (highlights, difficulties, proposals). Its
-- figures come from the indicators when it is printed.
CREATE TABLE results_reports (
    campaign_id BIGINT PRIMARY KEY REFERENCES campaigns (id),
    addressees TEXT NOT NULL,
    copies TEXT NOT NULL,
    authority_line TEXT,
    signer_title TEXT NOT NULL,
    signer_name TEXT NOT NULL,
    highlights TEXT NOT NULL,
    difficulties TEXT NOT NULL,
    proposals TEXT NOT NULL,
    updated_by BIGINT REFERENCES users (id),
    updated_at TEXT NOT NULL
);
