-- The console's reads at 10^6+ ledger rows (docs/console.md, "How the console stays fast"). Written in the SQL both
-- stores share, and {{without_rowid}} is WITHOUT ROWID on SQLite (the table is then its primary-key B-tree, so a range of
-- buckets is read in place instead of one table lookup per index entry) and nothing on PostgreSQL (see Migrations).
--
-- 1. Two narrower rollups beside usage_hourly / usage_daily, written by RollupWriter in the same transaction:
--    usage_models_* keeps only model, vendor and origin (the overview's top models, the rankings: ~12 rows per bucket
--    instead of ~240 key x app x model combinations) and usage_totals_* no dimension at all (the overview's series:
--    one row per bucket). Both are back-filled here from the full rollups, which hold every request ever counted
--    (raw rows may have been deleted by retention), so the three agree exactly from the first read.
CREATE TABLE IF NOT EXISTS usage_models_hourly (
    bucket_ms           BIGINT NOT NULL,
    model               TEXT   NOT NULL,
    vendor              TEXT   NOT NULL,
    origin              TEXT   NOT NULL,
    requests            BIGINT NOT NULL,
    errors              BIGINT NOT NULL,
    prompt_tokens       BIGINT NOT NULL,
    completion_tokens   BIGINT NOT NULL,
    cached_tokens       BIGINT NOT NULL,
    cache_write_tokens  BIGINT NOT NULL,
    reasoning_tokens    BIGINT NOT NULL,
    cost_picos          BIGINT NOT NULL,
    latency_ms_sum      BIGINT NOT NULL,
    PRIMARY KEY (bucket_ms, model, vendor, origin)
){{without_rowid}};
INSERT INTO usage_models_hourly (bucket_ms, model, vendor, origin,
    requests, errors, prompt_tokens, completion_tokens, cached_tokens, cache_write_tokens, reasoning_tokens,
    cost_picos, latency_ms_sum)
SELECT bucket_ms, model, vendor, origin,
    SUM(requests), SUM(errors), SUM(prompt_tokens), SUM(completion_tokens), SUM(cached_tokens),
    SUM(cache_write_tokens), SUM(reasoning_tokens), SUM(cost_picos), SUM(latency_ms_sum)
FROM usage_hourly GROUP BY bucket_ms, model, vendor, origin ORDER BY bucket_ms, model, vendor, origin;
CREATE TABLE IF NOT EXISTS usage_totals_hourly (
    bucket_ms           BIGINT NOT NULL,
    requests            BIGINT NOT NULL,
    errors              BIGINT NOT NULL,
    prompt_tokens       BIGINT NOT NULL,
    completion_tokens   BIGINT NOT NULL,
    cached_tokens       BIGINT NOT NULL,
    cache_write_tokens  BIGINT NOT NULL,
    reasoning_tokens    BIGINT NOT NULL,
    cost_picos          BIGINT NOT NULL,
    latency_ms_sum      BIGINT NOT NULL,
    PRIMARY KEY (bucket_ms)
){{without_rowid}};
INSERT INTO usage_totals_hourly (bucket_ms,
    requests, errors, prompt_tokens, completion_tokens, cached_tokens, cache_write_tokens, reasoning_tokens,
    cost_picos, latency_ms_sum)
SELECT bucket_ms,
    SUM(requests), SUM(errors), SUM(prompt_tokens), SUM(completion_tokens), SUM(cached_tokens),
    SUM(cache_write_tokens), SUM(reasoning_tokens), SUM(cost_picos), SUM(latency_ms_sum)
FROM usage_hourly GROUP BY bucket_ms ORDER BY bucket_ms;
CREATE TABLE IF NOT EXISTS usage_models_daily (
    bucket_ms           BIGINT NOT NULL,
    model               TEXT   NOT NULL,
    vendor              TEXT   NOT NULL,
    origin              TEXT   NOT NULL,
    requests            BIGINT NOT NULL,
    errors              BIGINT NOT NULL,
    prompt_tokens       BIGINT NOT NULL,
    completion_tokens   BIGINT NOT NULL,
    cached_tokens       BIGINT NOT NULL,
    cache_write_tokens  BIGINT NOT NULL,
    reasoning_tokens    BIGINT NOT NULL,
    cost_picos          BIGINT NOT NULL,
    latency_ms_sum      BIGINT NOT NULL,
    PRIMARY KEY (bucket_ms, model, vendor, origin)
){{without_rowid}};
INSERT INTO usage_models_daily (bucket_ms, model, vendor, origin,
    requests, errors, prompt_tokens, completion_tokens, cached_tokens, cache_write_tokens, reasoning_tokens,
    cost_picos, latency_ms_sum)
SELECT bucket_ms, model, vendor, origin,
    SUM(requests), SUM(errors), SUM(prompt_tokens), SUM(completion_tokens), SUM(cached_tokens),
    SUM(cache_write_tokens), SUM(reasoning_tokens), SUM(cost_picos), SUM(latency_ms_sum)
FROM usage_daily GROUP BY bucket_ms, model, vendor, origin ORDER BY bucket_ms, model, vendor, origin;
CREATE TABLE IF NOT EXISTS usage_totals_daily (
    bucket_ms           BIGINT NOT NULL,
    requests            BIGINT NOT NULL,
    errors              BIGINT NOT NULL,
    prompt_tokens       BIGINT NOT NULL,
    completion_tokens   BIGINT NOT NULL,
    cached_tokens       BIGINT NOT NULL,
    cache_write_tokens  BIGINT NOT NULL,
    reasoning_tokens    BIGINT NOT NULL,
    cost_picos          BIGINT NOT NULL,
    latency_ms_sum      BIGINT NOT NULL,
    PRIMARY KEY (bucket_ms)
){{without_rowid}};
INSERT INTO usage_totals_daily (bucket_ms,
    requests, errors, prompt_tokens, completion_tokens, cached_tokens, cache_write_tokens, reasoning_tokens,
    cost_picos, latency_ms_sum)
SELECT bucket_ms,
    SUM(requests), SUM(errors), SUM(prompt_tokens), SUM(completion_tokens), SUM(cached_tokens),
    SUM(cache_write_tokens), SUM(reasoning_tokens), SUM(cost_picos), SUM(latency_ms_sum)
FROM usage_daily GROUP BY bucket_ms ORDER BY bucket_ms;
-- 2. The existing rollups and latency histograms rebuilt in primary-key order ({{without_rowid}} on SQLite, on
--    PostgreSQL a one-off physical ordering by bucket), with their indexes as before. The latency histograms' all-models
--    rows (model '') move to latency_all_* keyed by bucket, metric and latency bucket: a bucket range of the overall
--    distribution then reads only its own rows, not every model's beside them.
CREATE TABLE usage_hourly_v8 (
    bucket_ms           BIGINT NOT NULL,
    key_id              TEXT   NOT NULL,
    workspace_id        TEXT   NOT NULL,
    model               TEXT   NOT NULL,
    provider            TEXT   NOT NULL,
    vendor              TEXT   NOT NULL,
    origin              TEXT   NOT NULL,
    app                 TEXT   NOT NULL,
    requests            BIGINT NOT NULL,
    errors              BIGINT NOT NULL,
    prompt_tokens       BIGINT NOT NULL,
    completion_tokens   BIGINT NOT NULL,
    cached_tokens       BIGINT NOT NULL,
    cache_write_tokens  BIGINT NOT NULL,
    reasoning_tokens    BIGINT NOT NULL,
    cost_picos          BIGINT NOT NULL,
    latency_ms_sum      BIGINT NOT NULL,
    PRIMARY KEY (bucket_ms, key_id, workspace_id, model, provider, vendor, origin, app)
){{without_rowid}};
INSERT INTO usage_hourly_v8 (bucket_ms, key_id, workspace_id, model, provider, vendor, origin, app,
    requests, errors, prompt_tokens, completion_tokens, cached_tokens, cache_write_tokens, reasoning_tokens,
    cost_picos, latency_ms_sum)
SELECT bucket_ms, key_id, workspace_id, model, provider, vendor, origin, app,
    requests, errors, prompt_tokens, completion_tokens, cached_tokens, cache_write_tokens, reasoning_tokens,
    cost_picos, latency_ms_sum
FROM usage_hourly ORDER BY bucket_ms, key_id, workspace_id, model, provider, vendor, origin, app;
DROP TABLE usage_hourly;
ALTER TABLE usage_hourly_v8 RENAME TO usage_hourly;
CREATE INDEX IF NOT EXISTS usage_hourly_key ON usage_hourly (key_id, bucket_ms);
CREATE INDEX IF NOT EXISTS usage_hourly_workspace ON usage_hourly (workspace_id, bucket_ms);
CREATE TABLE usage_daily_v8 (
    bucket_ms           BIGINT NOT NULL,
    key_id              TEXT   NOT NULL,
    workspace_id        TEXT   NOT NULL,
    model               TEXT   NOT NULL,
    provider            TEXT   NOT NULL,
    vendor              TEXT   NOT NULL,
    origin              TEXT   NOT NULL,
    app                 TEXT   NOT NULL,
    requests            BIGINT NOT NULL,
    errors              BIGINT NOT NULL,
    prompt_tokens       BIGINT NOT NULL,
    completion_tokens   BIGINT NOT NULL,
    cached_tokens       BIGINT NOT NULL,
    cache_write_tokens  BIGINT NOT NULL,
    reasoning_tokens    BIGINT NOT NULL,
    cost_picos          BIGINT NOT NULL,
    latency_ms_sum      BIGINT NOT NULL,
    PRIMARY KEY (bucket_ms, key_id, workspace_id, model, provider, vendor, origin, app)
){{without_rowid}};
INSERT INTO usage_daily_v8 (bucket_ms, key_id, workspace_id, model, provider, vendor, origin, app,
    requests, errors, prompt_tokens, completion_tokens, cached_tokens, cache_write_tokens, reasoning_tokens,
    cost_picos, latency_ms_sum)
SELECT bucket_ms, key_id, workspace_id, model, provider, vendor, origin, app,
    requests, errors, prompt_tokens, completion_tokens, cached_tokens, cache_write_tokens, reasoning_tokens,
    cost_picos, latency_ms_sum
FROM usage_daily ORDER BY bucket_ms, key_id, workspace_id, model, provider, vendor, origin, app;
DROP TABLE usage_daily;
ALTER TABLE usage_daily_v8 RENAME TO usage_daily;
CREATE INDEX IF NOT EXISTS usage_daily_key ON usage_daily (key_id, bucket_ms);
CREATE INDEX IF NOT EXISTS usage_daily_workspace ON usage_daily (workspace_id, bucket_ms);
CREATE TABLE IF NOT EXISTS latency_all_hourly (
    bucket_ms  BIGINT NOT NULL,
    metric     TEXT   NOT NULL,
    le_ms      BIGINT NOT NULL,
    requests   BIGINT NOT NULL,
    PRIMARY KEY (bucket_ms, metric, le_ms)
){{without_rowid}};
INSERT INTO latency_all_hourly (bucket_ms, metric, le_ms, requests)
SELECT bucket_ms, metric, le_ms, requests FROM latency_hourly WHERE model = '' ORDER BY bucket_ms, metric, le_ms;
CREATE TABLE latency_hourly_v8 (
    bucket_ms  BIGINT NOT NULL,
    model      TEXT   NOT NULL,
    metric     TEXT   NOT NULL,
    le_ms      BIGINT NOT NULL,
    requests   BIGINT NOT NULL,
    PRIMARY KEY (bucket_ms, model, metric, le_ms)
){{without_rowid}};
INSERT INTO latency_hourly_v8 (bucket_ms, model, metric, le_ms, requests)
SELECT bucket_ms, model, metric, le_ms, requests FROM latency_hourly WHERE model <> ''
ORDER BY bucket_ms, model, metric, le_ms;
DROP TABLE latency_hourly;
ALTER TABLE latency_hourly_v8 RENAME TO latency_hourly;
CREATE TABLE IF NOT EXISTS latency_all_daily (
    bucket_ms  BIGINT NOT NULL,
    metric     TEXT   NOT NULL,
    le_ms      BIGINT NOT NULL,
    requests   BIGINT NOT NULL,
    PRIMARY KEY (bucket_ms, metric, le_ms)
){{without_rowid}};
INSERT INTO latency_all_daily (bucket_ms, metric, le_ms, requests)
SELECT bucket_ms, metric, le_ms, requests FROM latency_daily WHERE model = '' ORDER BY bucket_ms, metric, le_ms;
CREATE TABLE latency_daily_v8 (
    bucket_ms  BIGINT NOT NULL,
    model      TEXT   NOT NULL,
    metric     TEXT   NOT NULL,
    le_ms      BIGINT NOT NULL,
    requests   BIGINT NOT NULL,
    PRIMARY KEY (bucket_ms, model, metric, le_ms)
){{without_rowid}};
INSERT INTO latency_daily_v8 (bucket_ms, model, metric, le_ms, requests)
SELECT bucket_ms, model, metric, le_ms, requests FROM latency_daily WHERE model <> ''
ORDER BY bucket_ms, model, metric, le_ms;
DROP TABLE latency_daily;
ALTER TABLE latency_daily_v8 RENAME TO latency_daily;
-- 3. The requests explorer's model filter is the model the rollups count a request under (the one that served, else
--    the one asked for: LedgerQuery.MODEL), so one index on that expression, ordered by time, replaces the two on
--    model_served and model_requested that an OR filter had to merge and sort before its first page.
DROP INDEX IF EXISTS generations_served_time;
DROP INDEX IF EXISTS generations_requested_time;
CREATE INDEX IF NOT EXISTS generations_model_time
    ON generations ((CASE WHEN model_served = '' THEN model_requested ELSE model_served END), created_at_ms)
