package dev.switchyard.core.accounts;

/** What a key may do: call models, or manage workspaces and keys. A key is never both. */
public enum KeyRole {
    /** Calls the inference APIs. */
    INFERENCE,
    /** Calls the management and analytics APIs; refused by the inference APIs. */
    ADMIN
}
