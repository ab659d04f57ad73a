package dev.switchyard.core.usage;

import java.util.Locale;
import java.util.Optional;

/**
 * A dimension the ledger's rollups are kept by, and so one that usage can be grouped and filtered by. The time bucket
 * is not a dimension; see {@link Bucket}.
 */
public enum UsageDimension {
    /** The API key's public id (hash). */
    KEY("key"),
    /** The workspace the key belongs to. */
    WORKSPACE("workspace"),
    /** The model that served the request, or the one requested when none served. */
    MODEL("model"),
    /** The model's vendor. */
    VENDOR("vendor"),
    /** The vendor's country of origin. */
    ORIGIN("origin"),
    /** The provider that served the request, empty when none did. */
    PROVIDER("provider"),
    /** The calling application. */
    APP("app");

    private final String wireName;

    UsageDimension(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in query parameters, JSON fields and CSV headers, e.g. {@code workspace}. */
    public String wireName() {
        return wireName;
    }

    /** The dimension with this wire name (case-insensitive), if any. */
    public static Optional<UsageDimension> parse(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        for (UsageDimension d : values()) {
            if (d.wireName.equals(n)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
