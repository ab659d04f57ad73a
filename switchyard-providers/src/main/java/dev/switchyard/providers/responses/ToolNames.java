package dev.switchyard.providers.responses;

/**
 * Names of namespaced tools. The Responses API groups function tools under a {@code namespace} tool (Codex CLI puts
 * its MCP servers' tools there) and names a call by {@code namespace} and {@code name}; no provider protocol has
 * namespaces, so a namespaced function travels as one flat function named {@code <namespace>--<name>} and its calls
 * come back split again. The separator is one that every provider accepts in a tool name ({@code [A-Za-z0-9_-]}) and
 * that tool names rarely contain (Codex's own names use {@code __}). Codex's default namespace, {@code functions},
 * holds plain functions and adds nothing to their names.
 *
 * <p>Limits: a plain function whose name contains {@code --} comes back split at it, and the flat name must fit the
 * provider's length limit (64 characters at OpenAI).
 */
final class ToolNames {

    /** Between a namespace and a function's name in the flat name. */
    static final String SEPARATOR = "--";
    /** Codex's namespace for top-level functions. */
    static final String DEFAULT_NAMESPACE = "functions";

    private ToolNames() {
    }

    /** The flat name of a function in a namespace; empty namespace or the default one leave the name as it is. */
    static String flatten(String namespace, String name) {
        if (namespace.isEmpty() || namespace.equals(DEFAULT_NAMESPACE)) {
            return name;
        }
        return namespace + SEPARATOR + name;
    }

    /** The namespace part of a flat name; empty when it has none. */
    static String namespace(String flat) {
        int at = flat.indexOf(SEPARATOR);
        return at <= 0 || at + SEPARATOR.length() >= flat.length() ? "" : flat.substring(0, at);
    }

    /** The function's own name in a flat name. */
    static String name(String flat) {
        String ns = namespace(flat);
        return ns.isEmpty() ? flat : flat.substring(ns.length() + SEPARATOR.length());
    }
}
