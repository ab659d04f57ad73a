-- Ledger rows of requests that reached a provider and never finished because the gateway stopped (kill -9, power
-- loss): written at the next start from the write-ahead journal, see docs/decisions/0011-ledger-write-ahead-journal.md.
-- 1 when error_class is 'interrupted'. (A separate migration from any other engineer's V5: renumber on merge.)
ALTER TABLE generations ADD COLUMN interrupted INTEGER NOT NULL DEFAULT 0;
