package dev.switchyard.server.admin;

import dev.switchyard.core.accounts.ApiKey;

/** Told about every change the {@link AccountService} makes, e.g. to drop cached answers at once. */
public interface AccountChanges {

    /** Nobody listens (the CLI: the gateway sees its changes when its cache expires). */
    AccountChanges NONE = new AccountChanges() {
        @Override
        public void keyChanged(ApiKey key) {
        }

        @Override
        public void workspaceChanged(String workspaceId) {
        }
    };

    /** A key was created, changed or deleted. Called on the thread that made the change. */
    void keyChanged(ApiKey key);

    /** A workspace was created, changed or deleted. */
    void workspaceChanged(String workspaceId);
}
