package dev.switchyard.server.api;

/** A query parameter that cannot be read: the message says what was wrong and what was expected. */
public final class BadParameter extends IllegalArgumentException {

    private final String param;

    public BadParameter(String param, String message) {
        super(message);
        this.param = param;
    }

    /** The parameter's name, e.g. {@code from}. */
    public String param() {
        return param;
    }
}
