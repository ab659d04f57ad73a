package dev.switchyard.server.admin;

import dev.switchyard.core.accounts.ApiKey;
import dev.switchyard.core.accounts.CachedKeyDirectory;

/**
 * Makes management changes visible to authentication at once: a changed key drops its cached answer, a changed
 * workspace drops them all, and the inference-key count is read again. Runs on the worker thread that made the change.
 */
public final class DirectoryInvalidation implements AccountChanges {

    private final CachedKeyDirectory directory;

    public DirectoryInvalidation(CachedKeyDirectory directory) {
        this.directory = directory;
    }

    @Override
    public void keyChanged(ApiKey key) {
        directory.invalidate(key.label());
        directory.recount();
    }

    @Override
    public void workspaceChanged(String workspaceId) {
        directory.invalidateAll();
    }
}
