-- One row per request: the usage ledger. Money in picodollars (10^-12 USD), see docs/decisions/0002-money.md.
CREATE TABLE IF NOT EXISTS generations (
    id                     TEXT PRIMARY KEY,
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
    ttft_ms                BIGINT  NOT NULL
);
CREATE INDEX IF NOT EXISTS generations_created_at ON generations (created_at_ms);
CREATE TABLE IF NOT EXISTS generation_attempts (
    generation_id  TEXT    NOT NULL,
    seq            INTEGER NOT NULL,
    provider       TEXT    NOT NULL,
    upstream_model TEXT    NOT NULL,
    status         INTEGER NOT NULL,
    error_class    TEXT    NOT NULL,
    duration_ms    BIGINT  NOT NULL,
    PRIMARY KEY (generation_id, seq)
);
