package dev.switchyard.core.pipeline;

import java.util.Objects;

/**
 * What a client presented beside its request: its API key (from {@code Authorization: Bearer}, {@code x-api-key},
 * {@code x-goog-api-key} or {@code ?key=}, whichever its SDK sends), and the app it says it is, for attribution
 * ({@code X-Title} / {@code X-OpenRouter-Title}, {@code HTTP-Referer}). The key is a secret: it is never logged or
 * stored, and {@link #toString()} leaves it out.
 *
 * @param apiKey the presented secret, empty when none
 * @param appTitle the app's name, empty when none
 * @param appUrl the app's URL, empty when none
 */
public record Presented(String apiKey, String appTitle, String appUrl) {

    /** Nothing presented. */
    public static final Presented NONE = new Presented("", "", "");

    public Presented {
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(appTitle, "appTitle");
        Objects.requireNonNull(appUrl, "appUrl");
    }

    /** The app as the ledger names it: its title, else its URL. */
    public String app() {
        return appTitle.isEmpty() ? appUrl : appTitle;
    }

    @Override
    public String toString() {
        return "Presented[apiKey=" + (apiKey.isEmpty() ? "none" : "redacted") + ", appTitle=" + appTitle
                + ", appUrl=" + appUrl + "]";
    }
}
