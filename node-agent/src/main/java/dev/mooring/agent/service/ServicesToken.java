package dev.mooring.agent.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The bearer token the agent shows the services: in a cluster its pod's ServiceAccount token, which the kubelet
 * projects into a file and renews before it expires (the services ask the API server whose it is, and so learn the
 * agent's node); otherwise a fixed token. The file is read again whenever it changes. The token is never logged.
 */
public final class ServicesToken implements Supplier<Optional<String>> {

    private static final Logger LOG = Logger.getLogger(ServicesToken.class);

    private final Optional<String> fixed;
    private final Optional<Path> file;
    private FileTime readAt;
    private Optional<String> read = Optional.empty();
    private boolean warned;

    private ServicesToken(Optional<String> fixed, Optional<Path> file) {
        this.fixed = fixed;
        this.file = file;
    }

    /** A token that does not change (an admin token; outside a cluster). */
    public static ServicesToken fixed(Optional<String> token) {
        return new ServicesToken(token, Optional.empty());
    }

    /** The projected ServiceAccount token at {@code file}, read again when the kubelet renews it. */
    public static ServicesToken file(Path file) {
        return new ServicesToken(Optional.empty(), Optional.of(file));
    }

    @Override
    public synchronized Optional<String> get() {
        if (file.isEmpty()) {
            return fixed;
        }
        try {
            FileTime modified = Files.getLastModifiedTime(file.get());
            if (!modified.equals(readAt)) {
                read = Optional.of(Files.readString(file.get(), StandardCharsets.UTF_8).trim()).filter(t -> !t.isEmpty());
                readAt = modified;
                warned = false;
            }
        } catch (IOException e) {
            if (!warned) {
                LOG.warnf("Cannot read the ServiceAccount token %s (mooring.agent.services.token-file): %s; the services"
                        + " will refuse the agent's calls until it is there", file.get(), e.getMessage());
                warned = true;
            }
            return Optional.empty();
        }
        return read;
    }
}
