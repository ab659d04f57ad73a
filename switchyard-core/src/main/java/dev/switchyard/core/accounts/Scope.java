package dev.switchyard.core.accounts;

import java.util.Objects;

/**
 * What a limit or budget counts against: one key, or one workspace. Counters of different scopes never mix.
 *
 * @param kind key or workspace
 * @param id the key's hash or the workspace's id
 */
public record Scope(Kind kind, String id) {

    /** The two kinds of scope. */
    public enum Kind { KEY, WORKSPACE }

    public Scope {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
    }

    public static Scope key(String hash) {
        return new Scope(Kind.KEY, hash);
    }

    public static Scope workspace(String id) {
        return new Scope(Kind.WORKSPACE, id);
    }

    /** A compact text form, {@code key:…} or {@code ws:…}, usable as a store key. */
    @Override
    public String toString() {
        return (kind == Kind.KEY ? "key:" : "ws:") + id;
    }
}
