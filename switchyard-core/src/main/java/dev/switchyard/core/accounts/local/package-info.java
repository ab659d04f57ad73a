/**
 * The in-process engines behind {@link dev.switchyard.core.accounts.RateLimiter} and
 * {@link dev.switchyard.core.accounts.BudgetLedger}: exact, lock-per-scope, on an injected clock. They count one
 * process's traffic only; several gateway replicas need a shared backend behind the same interfaces.
 */
package dev.switchyard.core.accounts.local;
