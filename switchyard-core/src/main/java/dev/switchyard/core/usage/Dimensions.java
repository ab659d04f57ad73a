package dev.switchyard.core.usage;

import java.util.Objects;

/**
 * Who asked and what for: the keys, beyond model and provider, by which ledger records are attributed, grouped into
 * rollups and filtered. Every field is empty when unknown (a request that never authenticated has no key).
 *
 * @param keyId the public id ({@code hash}) of the API key that made the request
 * @param workspaceId the workspace that key belongs to
 * @param app the calling application: OpenRouter's {@code X-Title} / {@code X-OpenRouter-Title}, else its
 *     {@code HTTP-Referer}
 * @param userHash the request's end-user id ({@code user}), hashed so the ledger never holds it in clear
 * @param vendor the model's vendor, e.g. {@code deepseek}
 * @param origin the vendor's country of origin, ISO 3166-1 alpha-2
 */
public record Dimensions(String keyId, String workspaceId, String app, String userHash, String vendor,
                         String origin) {

    /** Nothing known. */
    public static final Dimensions NONE = new Dimensions("", "", "", "", "", "");

    public Dimensions {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(userHash, "userHash");
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(origin, "origin");
    }

    /** These dimensions with the model's vendor and origin. */
    public Dimensions withModel(String vendor, String origin) {
        return new Dimensions(keyId, workspaceId, app, userHash, vendor, origin);
    }
}
