-- Daily rollups and histograms folded from finished hours (DailyFold, docs/decisions/0027-daily-fold.md) instead of
-- being added to by every batch. One row: folded_before_ms is a UTC day boundary, the daily tables hold every request
-- of the days before it, and the days from it on are read from the hourly tables, which hold every request always. A
-- batch adds to the daily tables only the records of days already folded (late records). The daily tables were
-- complete for every day until now, so the first unfolded day is the one after the last hour with any usage (the
-- epoch on an empty ledger): nothing already counted is read twice or dropped.
CREATE TABLE IF NOT EXISTS daily_fold (
    id                INTEGER NOT NULL PRIMARY KEY,
    folded_before_ms  BIGINT  NOT NULL
);
INSERT INTO daily_fold (id, folded_before_ms)
SELECT 1, COALESCE(MAX(bucket_ms) - MAX(bucket_ms) % 86400000 + 86400000, 0) FROM usage_hourly
