-- dxday schema 12: bulk framing jobs live in the database (their upload and result in
-- the file storage), so that any node shows their progress and serves their ZIP, and
-- a job cut by a restart resumes or ends with a reason. At most one queued and one
-- running job per owner (a unit, or an account without one).
CREATE TABLE bulk_jobs (
    id TEXT PRIMARY KEY,
    owner_key TEXT NOT NULL,
    unit_id BIGINT,
    user_id BIGINT NOT NULL,
    frame_id BIGINT NOT NULL,
    frame_title TEXT NOT NULL,
    file_name TEXT NOT NULL,
    width BIGINT NOT NULL,
    formats TEXT NOT NULL CHECK (formats IN ('png', 'jpg', 'both')),
    total BIGINT NOT NULL,
    framed BIGINT NOT NULL DEFAULT 0,
    failed BIGINT NOT NULL DEFAULT 0,
    state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
    failures TEXT NOT NULL DEFAULT '[]',
    error TEXT NOT NULL DEFAULT '',
    attempts BIGINT NOT NULL DEFAULT 0,
    upload_key TEXT NOT NULL,
    result_key TEXT,
    created_ms BIGINT NOT NULL,
    heartbeat_ms BIGINT NOT NULL
);
CREATE UNIQUE INDEX bulk_jobs_one_per_state ON bulk_jobs (owner_key, state)
    WHERE state IN ('queued', 'running');
CREATE INDEX bulk_jobs_created ON bulk_jobs (created_ms);
