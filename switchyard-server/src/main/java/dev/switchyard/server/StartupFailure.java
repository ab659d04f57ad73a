package dev.switchyard.server;

import java.io.IOException;
import java.net.BindException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Why a gateway did not start, as one line that says what is wrong and how to fix it, instead of a stack trace.
 * Also the checks that can be made before anything is started ({@link #prepareDataDir}).
 */
public final class StartupFailure {

    private StartupFailure() {
    }

    /**
     * Creates the data directory if needed and checks that the store can be written there.
     *
     * @throws IllegalStateException with a one-line explanation when it cannot be used
     */
    public static void prepareDataDir(Path dir) {
        String fix = " (choose another with --data-dir, $SWITCHYARD_DATA_DIR or server.data_dir)";
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException("data directory " + dir + " cannot be created: " + reason(e) + fix, e);
        }
        Path probe = dir.resolve(".switchyard-write-check");
        try {
            Files.deleteIfExists(probe);
            Files.createFile(probe);
            Files.delete(probe);
        } catch (IOException e) {
            throw new IllegalStateException("data directory " + dir + " is not writable: " + reason(e) + fix, e);
        }
    }

    /**
     * One line for a failure to start a server on {@code host:port}.
     *
     * @param portOption how the user changes the port, e.g. {@code --port}
     */
    public static String describe(Throwable failure, String host, int port, String portOption) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("address already in use") || (t instanceof BindException && !m.contains("assign"))) {
                return "port " + port + " on " + host + " is already in use: stop what listens there (another"
                        + " Switchyard?) or choose another port with " + portOption;
            }
            if (m.contains("cannot assign requested address")) {
                return "cannot listen on " + host + ": it is not an address of this machine (check --host,"
                        + " $SWITCHYARD_HOST or server.host)";
            }
            if (m.contains("permission denied") && port > 0 && port < 1024) {
                return "port " + port + " needs privileges: choose a port above 1023 with " + portOption;
            }
        }
        if (failure instanceof IllegalArgumentException || failure instanceof IllegalStateException) {
            return String.valueOf(failure.getMessage());
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return "could not start: " + root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException || e instanceof NotDirectoryException) {
            return "a file, not a directory, is in the way at " + e.getMessage();
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return String.valueOf(e.getMessage());
    }
}
