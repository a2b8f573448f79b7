-- Identity kit downloads per asset and day (Vietnam date), beside each asset's total,
-- for the dashboard's chart of the display window. No person or address is stored.
CREATE TABLE kit_download_days (
    asset_id BIGINT NOT NULL REFERENCES kit_assets (id),
    day TEXT NOT NULL,
    downloads BIGINT NOT NULL,
    PRIMARY KEY (asset_id, day)
);
