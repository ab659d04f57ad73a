/**
 * Accounts: workspaces, API keys (stored only as hashes), their rate limits, allow-lists, routing defaults and
 * budgets. The records here are what every storage backend keeps; the engines that enforce limits and budgets sit
 * behind small interfaces so that a shared backend (Redis) can decide each step atomically. See docs/accounts.md.
 */
package dev.switchyard.core.accounts;
