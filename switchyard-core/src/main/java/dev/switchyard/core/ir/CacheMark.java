package dev.switchyard.core.ir;

/**
 * A prompt-caching breakpoint on a piece of content (Anthropic's {@code cache_control}, which some OpenAI-compatible
 * vendors accept too). Providers without explicit caching ignore it.
 */
public enum CacheMark {
    /** No breakpoint. */
    NONE,
    /** {@code {"type":"ephemeral"}}: the provider's default lifetime (five minutes at Anthropic). */
    EPHEMERAL,
    /** {@code {"type":"ephemeral","ttl":"1h"}}. */
    EPHEMERAL_1H
}
