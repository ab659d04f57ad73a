package dev.switchyard.core.catalog.sync;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One model as a source lists it: its provider-side id, what it says about the model, and its price if it gives one.
 * Unknown numbers are 0 and unknown strings empty.
 *
 * @param upstreamId the id the provider expects in requests, e.g. {@code deepseek/deepseek-v4-pro}
 * @param name the display name, may be empty
 * @param canonicalSlug a permanent slug, may be empty
 * @param createdEpochSeconds release time, 0 when unknown
 * @param contextLength the context window, 0 when unknown
 * @param maxOutputTokens the output cap, 0 when unknown
 * @param inputModalities e.g. {@code text}, {@code image}; empty when unknown
 * @param outputModalities e.g. {@code text}; empty when unknown
 * @param tokenizer the tokenizer family, may be empty
 * @param supportedParameters request parameters it honours; empty when unknown
 * @param openWeights whether the source says the weights are published (a Hugging Face id, or a local server)
 * @param price the listed price, if the source gives one
 */
public record ListedModel(String upstreamId, String name, String canonicalSlug, long createdEpochSeconds,
                          long contextLength, long maxOutputTokens, List<String> inputModalities,
                          List<String> outputModalities, String tokenizer, List<String> supportedParameters,
                          boolean openWeights, Optional<ListedPrice> price) {

    public ListedModel {
        Objects.requireNonNull(upstreamId, "upstreamId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(canonicalSlug, "canonicalSlug");
        Objects.requireNonNull(tokenizer, "tokenizer");
        Objects.requireNonNull(price, "price");
        inputModalities = List.copyOf(inputModalities);
        outputModalities = List.copyOf(outputModalities);
        supportedParameters = List.copyOf(supportedParameters);
    }
}
