package dev.switchyard.core.catalog;

/**
 * What a provider does with prompts, as far as its published terms say.
 *
 * @param trainsOnPrompts whether prompts may be used for training
 * @param retainsPrompts whether prompts are stored at all
 * @param zeroDataRetention whether the provider contractually keeps nothing
 */
public record DataPolicy(boolean trainsOnPrompts, boolean retainsPrompts, boolean zeroDataRetention) {

    /** The cautious default when the catalog says nothing: assume retention, no training. */
    public static final DataPolicy UNKNOWN = new DataPolicy(false, true, false);
}
