-- The plan's tasks: statuses per campaign (each with a default progress), a tree of
-- tasks, and their assignments to units (lead, supporting, watching).

CREATE TABLE task_statuses (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    campaign_id BIGINT NOT NULL REFERENCES campaigns (id),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    default_progress BIGINT NOT NULL,
    position BIGINT NOT NULL,
    UNIQUE (campaign_id, code)
);

CREATE TABLE tasks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    campaign_id BIGINT NOT NULL REFERENCES campaigns (id),
    parent_id BIGINT REFERENCES tasks (id),
    source_document_id BIGINT REFERENCES documents (id),
    activity TEXT NOT NULL,
    title TEXT NOT NULL,
    starts_on TEXT,
    due_on TEXT,
    weight BIGINT,
    status_id BIGINT REFERENCES task_statuses (id),
    progress BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX tasks_campaign ON tasks (campaign_id);
CREATE INDEX tasks_parent ON tasks (parent_id);

CREATE TABLE task_assignments (
    task_id BIGINT NOT NULL REFERENCES tasks (id),
    unit_id BIGINT NOT NULL REFERENCES units (id),
    role TEXT NOT NULL,
    due_on TEXT,
    status_id BIGINT REFERENCES task_statuses (id),
    progress BIGINT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (task_id, unit_id)
);
CREATE INDEX task_assignments_unit ON task_assignments (unit_id);

-- Campaigns made before this migration get the default statuses new ones get.
INSERT INTO task_statuses (campaign_id, code, name, default_progress, position)
SELECT id, 'not_started', 'Chưa triển khai', 0, 0 FROM campaigns;
INSERT INTO task_statuses (campaign_id, code, name, default_progress, position)
SELECT id, 'in_progress', 'Đang triển khai', 50, 1 FROM campaigns;
INSERT INTO task_statuses (campaign_id, code, name, default_progress, position)
SELECT id, 'done', 'Hoàn thành', 100, 2 FROM campaigns;
INSERT INTO task_statuses (campaign_id, code, name, default_progress, position)
SELECT id, 'paused', 'Tạm dừng', 0, 3 FROM campaigns;
