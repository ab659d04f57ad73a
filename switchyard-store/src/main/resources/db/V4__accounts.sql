-- Workspaces and API keys. Keys are stored as the SHA-256 of their secret (hash) and a short public prefix (label),
-- the secret itself never is. Limits, routing defaults (OpenRouter's provider object) and metadata are JSON text.
-- Budgets are picodollars (10^-12 USD), no budget is a NULL limit. The default workspace is added by the store.
CREATE TABLE IF NOT EXISTS workspaces (
    id                 TEXT PRIMARY KEY,
    name               TEXT    NOT NULL,
    disabled           INTEGER NOT NULL,
    limits             TEXT    NOT NULL,
    budget_limit_picos BIGINT,
    budget_reset       TEXT    NOT NULL,
    policy             TEXT    NOT NULL,
    metadata           TEXT    NOT NULL,
    created_at_ms      BIGINT  NOT NULL
);
CREATE TABLE IF NOT EXISTS api_keys (
    hash               TEXT PRIMARY KEY,
    label              TEXT    NOT NULL UNIQUE,
    workspace_id       TEXT    NOT NULL REFERENCES workspaces (id),
    name               TEXT    NOT NULL,
    role               TEXT    NOT NULL,
    disabled           INTEGER NOT NULL,
    expires_at_ms      BIGINT,
    limits             TEXT    NOT NULL,
    budget_limit_picos BIGINT,
    budget_reset       TEXT    NOT NULL,
    policy             TEXT    NOT NULL,
    metadata           TEXT    NOT NULL,
    created_at_ms      BIGINT  NOT NULL,
    updated_at_ms      BIGINT  NOT NULL
);
CREATE INDEX IF NOT EXISTS api_keys_workspace ON api_keys (workspace_id, created_at_ms);
