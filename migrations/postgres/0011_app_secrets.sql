-- dxday schema 11: secrets the nodes share (the key that signs CSRF cookies and
-- participation tokens), made once by the first node that starts.
CREATE TABLE app_secrets (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
