-- Who asked and what for, on every ledger row (empty when unknown).
ALTER TABLE generations ADD COLUMN key_id TEXT NOT NULL DEFAULT '';
ALTER TABLE generations ADD COLUMN workspace_id TEXT NOT NULL DEFAULT '';
ALTER TABLE generations ADD COLUMN app TEXT NOT NULL DEFAULT '';
ALTER TABLE generations ADD COLUMN user_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE generations ADD COLUMN vendor TEXT NOT NULL DEFAULT '';
ALTER TABLE generations ADD COLUMN origin TEXT NOT NULL DEFAULT '';
-- Rollups, kept up to date in the writer's transaction and kept forever (see RollupWriter). Hourly and daily have the
-- same shape, and bucket_ms is the bucket's first instant (UTC). model is the served model, else the requested one.
-- The primary key leads with the bucket, so a period is one range scan, and key and workspace indexes serve budgets.
CREATE TABLE IF NOT EXISTS usage_hourly (
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
);
CREATE INDEX IF NOT EXISTS usage_hourly_key ON usage_hourly (key_id, bucket_ms);
CREATE INDEX IF NOT EXISTS usage_hourly_workspace ON usage_hourly (workspace_id, bucket_ms);
CREATE TABLE IF NOT EXISTS usage_daily (
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
);
CREATE INDEX IF NOT EXISTS usage_daily_key ON usage_daily (key_id, bucket_ms);
CREATE INDEX IF NOT EXISTS usage_daily_workspace ON usage_daily (workspace_id, bucket_ms)
