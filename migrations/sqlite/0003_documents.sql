-- Directives: registers, documents and their delivery.

-- Outgoing registers: one per issuing unit and year; numbers start at 1 each year and
-- are taken only when a document is issued, inside the issuing transaction.
CREATE TABLE registers (
    issuer_unit_id BIGINT NOT NULL REFERENCES units (id),
    year BIGINT NOT NULL,
    next_number BIGINT NOT NULL,
    PRIMARY KEY (issuer_unit_id, year)
);

-- Documents in the form of Decree 30/2020. A draft has no year, number or date; an
-- issued or recalled one keeps them forever (the unique key stops any reuse).
CREATE TABLE documents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    issuer_unit_id BIGINT NOT NULL REFERENCES units (id),
    year BIGINT,
    number BIGINT,
    issued_on TEXT,
    parent_body TEXT NOT NULL,
    issuer_name TEXT NOT NULL,
    symbol TEXT NOT NULL,
    place TEXT NOT NULL,
    subject TEXT NOT NULL,
    legal_basis TEXT NOT NULL,
    addressees TEXT NOT NULL,
    body TEXT NOT NULL,
    authority TEXT NOT NULL,
    authority_title TEXT NOT NULL,
    signer_title TEXT NOT NULL,
    signer_name TEXT NOT NULL,
    distribution TEXT NOT NULL,
    drafting_unit TEXT NOT NULL,
    urgency TEXT NOT NULL,
    circulation TEXT NOT NULL,
    created_by BIGINT REFERENCES users (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    issued_at TEXT,
    recalled_at TEXT,
    UNIQUE (issuer_unit_id, year, number),
    UNIQUE (issuer_unit_id, year, number, symbol)
);
CREATE INDEX documents_issuer ON documents (issuer_unit_id, status);

-- Who a document goes to: chosen on the draft, delivered when it is issued.
CREATE TABLE document_recipients (
    document_id BIGINT NOT NULL REFERENCES documents (id),
    unit_id BIGINT NOT NULL REFERENCES units (id),
    delivered_at TEXT,
    acknowledged_at TEXT,
    acknowledged_by BIGINT REFERENCES users (id),
    reminded_at TEXT,
    PRIMARY KEY (document_id, unit_id)
);
CREATE INDEX document_recipients_unit ON document_recipients (unit_id);
