-- The ledger table keyed by its id alone: a WITHOUT ROWID table keeps rows in the primary-key B-tree, so an insert
-- touches two B-trees (rows, created_at index) instead of three (rowid rows, id index, created_at index). Ids are
-- time-ordered, so inserts append at the right edge of the key.
CREATE TABLE generations_v3 (
    id                     TEXT    NOT NULL PRIMARY KEY,
    created_at_ms          BIGINT  NOT NULL,
    api                    TEXT    NOT NULL,
    model_requested        TEXT    NOT NULL,
    model_served           TEXT    NOT NULL,
    provider               TEXT    NOT NULL,
    upstream_model         TEXT    NOT NULL,
    streamed               INTEGER NOT NULL,
    status                 INTEGER NOT NULL,
    error_class            TEXT    NOT NULL,
    finish_reason          TEXT    NOT NULL,
    prompt_tokens          BIGINT  NOT NULL,
    completion_tokens      BIGINT  NOT NULL,
    cached_tokens          BIGINT  NOT NULL,
    cache_write_tokens     BIGINT  NOT NULL,
    reasoning_tokens       BIGINT  NOT NULL,
    cost_prompt_picos      BIGINT  NOT NULL,
    cost_completion_picos  BIGINT  NOT NULL,
    cost_cache_picos       BIGINT  NOT NULL,
    cost_request_picos     BIGINT  NOT NULL,
    cost_total_picos       BIGINT  NOT NULL,
    latency_ms             BIGINT  NOT NULL,
    ttft_ms                BIGINT  NOT NULL,
    attempts               TEXT    NOT NULL DEFAULT '[]'
) WITHOUT ROWID;
INSERT INTO generations_v3 (id, created_at_ms, api, model_requested, model_served, provider, upstream_model, streamed,
    status, error_class, finish_reason, prompt_tokens, completion_tokens, cached_tokens, cache_write_tokens,
    reasoning_tokens, cost_prompt_picos, cost_completion_picos, cost_cache_picos, cost_request_picos,
    cost_total_picos, latency_ms, ttft_ms, attempts)
SELECT id, created_at_ms, api, model_requested, model_served, provider, upstream_model, streamed,
    status, error_class, finish_reason, prompt_tokens, completion_tokens, cached_tokens, cache_write_tokens,
    reasoning_tokens, cost_prompt_picos, cost_completion_picos, cost_cache_picos, cost_request_picos,
    cost_total_picos, latency_ms, ttft_ms, attempts
FROM generations;
DROP TABLE generations;
ALTER TABLE generations_v3 RENAME TO generations;
CREATE INDEX IF NOT EXISTS generations_created_at ON generations (created_at_ms);
