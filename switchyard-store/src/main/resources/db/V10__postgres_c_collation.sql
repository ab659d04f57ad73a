-- The ledger's and the rollups' text keys compared byte by byte on PostgreSQL, as SQLite compares them (BINARY) and as
-- Java's String.compareTo orders them for these ASCII names. A column without a collation of its own takes the
-- database's, which initdb takes from the environment: C.UTF-8 here, en_US.UTF-8 on many servers. Every B-tree
-- comparison of such a column then goes through the C library's strcoll instead of memcmp, and PostgreSQL skips its
-- abbreviated keys for them. These columns are identifiers (ids, key and workspace ids, model, provider, vendor and
-- app names, origin codes, metric names), never text that a person sorts by language, so the byte order is the right
-- one, and it is the order the writers already lock rollup rows in (PostgresLedgerWriter sorts with COLLATE "C").
-- Measured with LedgerWriteBenchmark at 200 keys on a C.UTF-8 database: the server's CPU per record 84-102 us before,
-- 81-87 us after, and 10,384 -> 11,915 records per second (docs/benchmarks.md, "Ledger write throughput into
-- PostgreSQL"). PostgreSQL rebuilds each index on a changed column, so on a large ledger this migration takes as long
-- as building the ledger's indexes once (docs/scale-out.md, upgrades). SQLite already compares bytes: the statements
-- run on PostgreSQL only.
{{postgres_only}} ALTER TABLE generations ALTER COLUMN id TYPE TEXT COLLATE "C";
{{postgres_only}} ALTER TABLE generations ALTER COLUMN key_id TYPE TEXT COLLATE "C";
{{postgres_only}} ALTER TABLE generations ALTER COLUMN model_requested TYPE TEXT COLLATE "C";
{{postgres_only}} ALTER TABLE generations ALTER COLUMN model_served TYPE TEXT COLLATE "C";
{{postgres_only}} ALTER TABLE generations ALTER COLUMN provider TYPE TEXT COLLATE "C";
{{postgres_only}} ALTER TABLE usage_hourly ALTER COLUMN key_id TYPE TEXT COLLATE "C";
{{postgres_only}} ALTER TABLE usage_hourly ALTER COLUMN workspace_id TYPE TEXT COLLATE "C";
{{postgres_only}} ALTER TABLE usage_hourly ALTER COLUMN model TYPE TEXT COLLATE "C";
{{postgres_only}} ALTER TABLE usage_hourly ALTER COLUMN provider TYPE TEXT COLLATE "C";
{{postgres_only}} ALTER TABLE usage_hourly ALTER COLUMN vendor TYPE TEXT COLLATE "C";
{{postgres_only}} ALTER TABLE usage_hourly ALTER COLUMN origin TYPE TEXT COLLATE "C";
{{postgres_only}} ALTER TABLE usage_hourly ALTER COLUMN app TYPE TEXT COLLATE "C";
{{postgres_only}} ALTER TABLE usage_daily ALTER COLUMN key_id TYPE TEXT COLLATE "C";
{{postgres_only}} ALTER TABLE usage_daily ALTER COLUMN workspace_id TYPE TEXT COLLATE "C";
{{postgres_only}} ALTER TABLE usage_daily ALTER COLUMN model TYPE TEXT COLLATE "C";
{{postgres_only}} ALTER TABLE usage_daily ALTER COLUMN provider TYPE TEXT COLLATE "C";
{{postgres_only}} ALTER TABLE usage_daily ALTER COLUMN vendor TYPE TEXT COLLATE "C";
{{postgres_only}} ALTER TABLE usage_daily ALTER COLUMN origin TYPE TEXT COLLATE "C";
{{postgres_only}} ALTER TABLE usage_daily ALTER COLUMN app TYPE TEXT COLLATE "C";
{{postgres_only}} ALTER TABLE usage_models_hourly ALTER COLUMN model TYPE TEXT COLLATE "C";
{{postgres_only}} ALTER TABLE usage_models_hourly ALTER COLUMN vendor TYPE TEXT COLLATE "C";
{{postgres_only}} ALTER TABLE usage_models_hourly ALTER COLUMN origin TYPE TEXT COLLATE "C";
{{postgres_only}} ALTER TABLE usage_models_daily ALTER COLUMN model TYPE TEXT COLLATE "C";
{{postgres_only}} ALTER TABLE usage_models_daily ALTER COLUMN vendor TYPE TEXT COLLATE "C";
{{postgres_only}} ALTER TABLE usage_models_daily ALTER COLUMN origin TYPE TEXT COLLATE "C";
{{postgres_only}} ALTER TABLE latency_hourly ALTER COLUMN model TYPE TEXT COLLATE "C";
{{postgres_only}} ALTER TABLE latency_hourly ALTER COLUMN metric TYPE TEXT COLLATE "C";
{{postgres_only}} ALTER TABLE latency_daily ALTER COLUMN model TYPE TEXT COLLATE "C";
{{postgres_only}} ALTER TABLE latency_daily ALTER COLUMN metric TYPE TEXT COLLATE "C";
{{postgres_only}} ALTER TABLE latency_all_hourly ALTER COLUMN metric TYPE TEXT COLLATE "C";
{{postgres_only}} ALTER TABLE latency_all_daily ALTER COLUMN metric TYPE TEXT COLLATE "C"
