package dev.switchyard.core.routing;

/**
 * OpenRouter's model variant suffixes: {@code model:floor}, {@code model:nitro}, {@code model:free}.
 */
public enum Variant {
    /** No suffix. */
    NONE,
    /** Cheapest first ({@code provider.sort = price}). */
    FLOOR,
    /** Fastest first ({@code provider.sort = throughput}). */
    NITRO,
    /** Only free endpoints. */
    FREE;

    /**
     * Splits {@code vendor/name:variant}.
     *
     * @return the model string without a recognised suffix, and the variant
     */
    public static Parsed parse(String model) {
        int colon = model.lastIndexOf(':');
        if (colon > 0) {
            String suffix = model.substring(colon + 1);
            Variant v = switch (suffix) {
                case "floor" -> FLOOR;
                case "nitro" -> NITRO;
                case "free" -> FREE;
                default -> NONE;
            };
            if (v != NONE) {
                return new Parsed(model.substring(0, colon), v);
            }
        }
        return new Parsed(model, NONE);
    }

    /**
     * A model string split from its variant.
     *
     * @param model without the suffix
     * @param variant the suffix
     */
    public record Parsed(String model, Variant variant) {
    }
}
