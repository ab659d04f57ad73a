package dev.switchyard.core.catalog;

/** How a provider expects its API key. */
public enum AuthScheme {
    /** {@code Authorization: Bearer <key>}. */
    BEARER,
    /** {@code x-api-key: <key>} (Anthropic). */
    X_API_KEY,
    /** {@code x-goog-api-key: <key>} (Gemini). */
    GOOG_API_KEY,
    /** No key needed (local servers); a key is still sent as a bearer token if one is configured. */
    NONE
}
