-- Whether a row's token counts are the gateway's estimate of the content it delivered (an answer that ended before
-- the provider counted it) rather than the provider's own usage. See docs/decisions/0019-delivered-content-billing.md.
ALTER TABLE generations ADD COLUMN usage_estimated INTEGER NOT NULL DEFAULT 0
