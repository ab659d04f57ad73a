/**
 * The request ring's accounts stages, in the order they run: {@link dev.switchyard.core.admission.Authentication}
 * (who is calling), then, after the model is resolved, {@link dev.switchyard.core.admission.Admission} (allow-lists
 * and rate limits) and {@link dev.switchyard.core.admission.Budgeting} (reserve the most the call can cost, settle
 * what it did cost, cut a stream at the caller's credit). Each holds something only for the length of one request,
 * and lets go of it exactly once however the request ends. See docs/accounts.md.
 */
package dev.switchyard.core.admission;
