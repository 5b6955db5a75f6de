package dev.mooring.flasharray.sim.config;

import java.nio.file.Path;

/**
 * Serving certificate: a given PEM certificate and key, or (both null) a self-signed one made at start.
 * {@code writeCertificateTo}, when set, receives the PEM of the serving certificate.
 */
public record TlsConfig(Path certificateFile, Path keyFile, Path writeCertificateTo) {
    public static TlsConfig selfSigned() {
        return new TlsConfig(null, null, null);
    }

    public TlsConfig withWriteCertificateTo(Path path) {
        return new TlsConfig(certificateFile, keyFile, path);
    }
}
