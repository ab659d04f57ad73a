-- The console (docs/console.md). Latency and time-to-first-token histograms beside the rollups: requests counted per
-- UTC hour or day, model, metric ('latency' or 'ttft') and latency bucket, named by its inclusive upper bound in ms
-- (LatencyBuckets: 0, round(10^(k/10)) for k = 0..60, then 9223372036854775807 for the overflow). Written in the
-- ledger insert's transaction like the other rollups, and percentiles are read from the sums. Rows written before this
-- migration have no histogram: their periods show no percentiles. model is empty in the rows that count every model.
CREATE TABLE IF NOT EXISTS latency_hourly (
    bucket_ms  BIGINT NOT NULL,
    model      TEXT   NOT NULL,
    metric     TEXT   NOT NULL,
    le_ms      BIGINT NOT NULL,
    requests   BIGINT NOT NULL,
    PRIMARY KEY (bucket_ms, model, metric, le_ms)
);
CREATE TABLE IF NOT EXISTS latency_daily (
    bucket_ms  BIGINT NOT NULL,
    model      TEXT   NOT NULL,
    metric     TEXT   NOT NULL,
    le_ms      BIGINT NOT NULL,
    requests   BIGINT NOT NULL,
    PRIMARY KEY (bucket_ms, model, metric, le_ms)
);
-- The requests explorer lists raw rows newest first filtered by key, model or provider: one index per filter, led
-- by the filter and ordered by time, so a page is one index range read whatever the table's size. A status filter
-- alone walks generations_created_at newest first.
CREATE INDEX IF NOT EXISTS generations_key_time ON generations (key_id, created_at_ms);
CREATE INDEX IF NOT EXISTS generations_served_time ON generations (model_served, created_at_ms);
CREATE INDEX IF NOT EXISTS generations_requested_time ON generations (model_requested, created_at_ms);
CREATE INDEX IF NOT EXISTS generations_provider_time ON generations (provider, created_at_ms)
