-- The rollups and latency histograms are added to by every batch (INSERT ... ON CONFLICT DO UPDATE). PostgreSQL writes
-- an update as a new row version, and when the new version fits on the same page and no indexed column changed (no
-- summed column is indexed) it is a HOT update: no index entry is written, and the old version is pruned in place.
-- With the default fillfactor of 100 the pages are full, so the updates were not HOT and wrote every index of the
-- table again, each time. 50 leaves room on every page filled from now on, which is where the current hour's and day's
-- rows are: the only rows that are ever updated. Half a page, because one batch may update up to every row of a page
-- in one transaction, and versions it made itself cannot be pruned before it commits (at 70, batches of 2,048 still
-- made 5 % of the updates non-HOT). The rollups are small beside the raw ledger, so the space is cheap. SQLite
-- updates rows in place and has no such setting, so {{postgres_only}} runs these on PostgreSQL only (see Migrations).
-- Measured in docs/benchmarks.md, "Ledger write throughput into PostgreSQL". No semicolon in these comments: the
-- script is split at each one.
{{postgres_only}} ALTER TABLE usage_hourly SET (fillfactor = 50);
{{postgres_only}} ALTER TABLE usage_daily SET (fillfactor = 50);
{{postgres_only}} ALTER TABLE usage_models_hourly SET (fillfactor = 50);
{{postgres_only}} ALTER TABLE usage_models_daily SET (fillfactor = 50);
{{postgres_only}} ALTER TABLE usage_totals_hourly SET (fillfactor = 50);
{{postgres_only}} ALTER TABLE usage_totals_daily SET (fillfactor = 50);
{{postgres_only}} ALTER TABLE latency_hourly SET (fillfactor = 50);
{{postgres_only}} ALTER TABLE latency_daily SET (fillfactor = 50);
{{postgres_only}} ALTER TABLE latency_all_hourly SET (fillfactor = 50);
{{postgres_only}} ALTER TABLE latency_all_daily SET (fillfactor = 50)
