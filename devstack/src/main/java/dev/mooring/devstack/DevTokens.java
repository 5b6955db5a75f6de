package dev.mooring.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The stack's secrets, as strong as the services require outside dev and test (the stack runs their jars as in
 * production): the API token, made once per work directory and kept in {@code <work>/api-token} (mode 600) so that
 * every later command on that directory ({@code up}, {@code demo}, {@code chaos}, the benchmarks) uses the same one,
 * and a new random token for each simulator admin API.
 */
final class DevTokens {

    static final String API_TOKEN_FILE = "api-token";
    private static final int MIN_LENGTH = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private DevTokens() {
    }

    /** 32 random bytes, base64url without padding: 43 characters. */
    static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The work directory's API token: read from {@code <work>/api-token}, made there first if missing. */
    static String apiToken(Path work) {
        Path file = apiTokenFile(work);
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            String token = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (token.length() < MIN_LENGTH) {
                throw new IllegalStateException(file + " holds a token shorter than " + MIN_LENGTH + " characters, which "
                        + "the services refuse; delete the file and devstack makes a new one");
            }
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or make the API token in " + file + ": " + e.getMessage(), e);
        }
    }

    static Path apiTokenFile(Path work) {
        return work.resolve(API_TOKEN_FILE).toAbsolutePath();
    }

    /** Written beside it with mode 600 and moved in whole: nobody else reads it, nobody reads half of it. */
    private static void create(Path file) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".partial-" + ProcessHandle.current().pid());
        Stack.writePrivate(partial, random() + "\n");
        try {
            if (!Files.exists(file)) {
                Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (FileAlreadyExistsException e) {
            // another devstack on the same directory made it first: theirs is the one
        } finally {
            Files.deleteIfExists(partial);
        }
    }
}
