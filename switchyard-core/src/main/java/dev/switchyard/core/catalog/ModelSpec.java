package dev.switchyard.core.catalog;

import java.util.List;
import java.util.Objects;

/**
 * A model as the catalog knows it, with every endpoint that serves it.
 *
 * @param id the routable id {@code vendor/name}
 * @param canonicalSlug a permanent, often dated, slug
 * @param name the display name
 * @param description free text, may be empty
 * @param vendor the vendor slug (the author of the model)
 * @param origin the vendor's country of origin, ISO 3166 alpha-2
 * @param openWeights whether the weights are published
 * @param license the weights' licence, or {@code proprietary}
 * @param createdEpochSeconds release date, epoch seconds
 * @param contextLength the model's maximum context
 * @param maxOutputTokens the model's maximum output
 * @param inputModalities e.g. {@code text}, {@code image}
 * @param outputModalities e.g. {@code text}
 * @param tokenizer the tokenizer family
 * @param supportedParameters request parameters the model honours
 * @param endpoints the endpoints serving it, in catalog order
 */
public record ModelSpec(String id, String canonicalSlug, String name, String description, String vendor,
                        String origin, boolean openWeights, String license, long createdEpochSeconds,
                        long contextLength, long maxOutputTokens, List<String> inputModalities,
                        List<String> outputModalities, String tokenizer, List<String> supportedParameters,
                        List<EndpointSpec> endpoints) {

    public ModelSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(canonicalSlug, "canonicalSlug");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(license, "license");
        Objects.requireNonNull(tokenizer, "tokenizer");
        inputModalities = List.copyOf(inputModalities);
        outputModalities = List.copyOf(outputModalities);
        supportedParameters = List.copyOf(supportedParameters);
        endpoints = List.copyOf(endpoints);
    }

    /** The part of the id after the vendor, e.g. {@code deepseek-flash}. */
    public String shortName() {
        int slash = id.indexOf('/');
        return slash < 0 ? id : id.substring(slash + 1);
    }
}
