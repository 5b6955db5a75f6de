package dev.mooring.flasharray.client;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How the client decides to trust the array's TLS certificate. FlashArrays usually present a self-signed
 * certificate, so {@link #pem(String)} with that certificate (or the CA that signed it) is the normal
 * choice; {@link #system()} uses the JVM trust store; {@link #insecureTrustAll()} accepts anything and
 * exists for labs only (it logs a warning when the client is built).
 *
 * <p>Host-name verification is on except for {@code insecureTrustAll()}; turn it off for a pinned PEM
 * whose certificate does not name the endpoint with {@link #withoutHostnameVerification()}.
 */
public final class TlsTrust {

    private enum Kind { PEM, PEM_FILE, SYSTEM, TRUST_ALL }

    private final Kind kind;
    private final String pem;
    private final Path path;
    private final boolean verifyHost;

    private TlsTrust(Kind kind, String pem, Path path, boolean verifyHost) {
        this.kind = kind;
        this.pem = pem;
        this.path = path;
        this.verifyHost = verifyHost;
    }

    /** Trust the certificates (or CAs) in this PEM text. */
    public static TlsTrust pem(String pem) {
        Objects.requireNonNull(pem, "pem");
        if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
            throw new IllegalArgumentException("PEM text contains no certificate");
        }
        return new TlsTrust(Kind.PEM, pem, null, true);
    }

    /** Trust the certificates (or CAs) in this PEM file. */
    public static TlsTrust pemFile(Path path) {
        Objects.requireNonNull(path, "path");
        return new TlsTrust(Kind.PEM_FILE, null, path, true);
    }

    /** Trust what the JVM trusts (its default trust store). */
    public static TlsTrust system() {
        return new TlsTrust(Kind.SYSTEM, null, null, true);
    }

    /** Trust any certificate and skip host-name checks. For labs; never for production arrays. */
    public static TlsTrust insecureTrustAll() {
        return new TlsTrust(Kind.TRUST_ALL, null, null, false);
    }

    /** The same trust without host-name verification (for a pinned certificate issued to another name). */
    public TlsTrust withoutHostnameVerification() {
        return new TlsTrust(kind, pem, path, false);
    }

    public boolean verifiesHostname() {
        return verifyHost;
    }

    public boolean isInsecure() {
        return kind == Kind.TRUST_ALL;
    }

    void applyTo(WebClientOptions options) {
        options.setSsl(true);
        options.setVerifyHost(verifyHost);
        switch (kind) {
            case PEM -> options.setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(pem)));
            case PEM_FILE -> options.setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(readPem(path))));
            case TRUST_ALL -> options.setTrustAll(true);
            case SYSTEM -> { /* JVM default trust store */ }
        }
    }

    /** Read when the client is built, so a missing or unreadable file fails there, not at the first call. */
    private static String readPem(Path path) {
        String text;
        try {
            text = java.nio.file.Files.readString(path);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot read PEM trust file " + path + ": " + e.getMessage(), e);
        }
        if (!text.contains("-----BEGIN CERTIFICATE-----")) {
            throw new IllegalArgumentException("PEM trust file " + path + " contains no certificate");
        }
        return text;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case PEM -> "TlsTrust[pem]";
            case PEM_FILE -> "TlsTrust[pemFile=" + path + "]";
            case SYSTEM -> "TlsTrust[system]";
            case TRUST_ALL -> "TlsTrust[insecureTrustAll]";
        } + (verifyHost || kind == Kind.TRUST_ALL ? "" : "[no hostname verification]");
    }
}
