-- A report request is sent to its target units when `sent_at` is set; until then it is
-- a draft (one prepared from last year's campaign) that only the office sees. Requests
-- made before this migration were sent when they were made.
ALTER TABLE report_requests ADD COLUMN sent_at TEXT;
UPDATE report_requests SET sent_at = created_at;
