package dev.mooring.kafka.access;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;

/**
 * A single-node KRaft broker secured as a cluster's is: clients connect over TLS and authenticate with
 * SCRAM-SHA-512, each as its own user; the authorizer allows only what {@link ServiceAccess} grants; nothing is
 * allowed by default. The controller listener takes only the broker's own certificate (mutual TLS); the super user
 * {@value #ADMIN} (inter-broker traffic, topic and ACL administration, tests and operators) is created when the
 * storage is formatted, the services' users and ACLs afterwards through the Admin API ({@link #provision}).
 *
 * <p>One instance per broker: it holds the broker's self-signed certificate (written to {@code dir}) and the
 * passwords it made up. They never leave it except in the client settings it hands out and, for the operator of a
 * local stack, in its {@link #adminClientProperties admin client properties}.
 */
public final class BrokerSecurity {

    public static final String ADMIN = "admin";
    public static final String MECHANISM = "SCRAM-SHA-512";
    private static final String CERTIFICATE_NAME = "CN=mooring-kafka";

    private static final SecureRandom RANDOM = new SecureRandom();
    private final Path dir;
    private final String keystorePassword;
    private final Map<String, String> passwords;

    private BrokerSecurity(Path dir, String keystorePassword, Map<String, String> passwords) {
        this.dir = dir;
        this.keystorePassword = keystorePassword;
        this.passwords = passwords;
    }

    /** Makes the broker's key and self-signed certificate (for {@code 127.0.0.1} and {@code localhost}) in {@code dir}. */
    public static BrokerSecurity create(Path dir) {
        Map<String, String> passwords = new ConcurrentHashMap<>();
        passwords.put(ADMIN, secret());
        BrokerSecurity security = new BrokerSecurity(dir, secret(), passwords);
        security.makeCertificate();
        return security;
    }

    /**
     * The security of a broker another part of this JVM started (from {@link #passwords()} and the same {@code dir}):
     * its clients' settings and users, not its server's.
     */
    public static BrokerSecurity ofRunning(Path dir, Map<String, String> passwords) {
        return new BrokerSecurity(dir, null, passwords);
    }

    /** The users' passwords, live: a map to hand to {@link #ofRunning}. */
    public Map<String, String> passwords() {
        return passwords;
    }

    /** The certificate clients trust (PEM): the broker's own, self-signed. */
    public Path certificate() {
        return dir.resolve("ca.crt");
    }

    private Path keystore() {
        return dir.resolve("broker.p12");
    }

    /**
     * The broker's listener and security settings: {@code SASL_SSL} for clients and between brokers on {@code port},
     * mutual TLS for the controller on {@code controllerPort}, both on loopback.
     */
    public Map<String, String> serverSettings(int port, int controllerPort) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("listeners", "SASL_SSL://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        settings.put("advertised.listeners", "SASL_SSL://127.0.0.1:" + port);
        settings.put("listener.security.protocol.map", "SASL_SSL:SASL_SSL,CONTROLLER:SSL");
        settings.put("inter.broker.listener.name", "SASL_SSL");
        settings.put("controller.listener.names", "CONTROLLER");
        settings.put("sasl.enabled.mechanisms", MECHANISM);
        settings.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
        settings.put("listener.name.sasl_ssl." + MECHANISM.toLowerCase() + ".sasl.jaas.config", jaas(ADMIN));
        settings.put("listener.name.controller.ssl.client.auth", "required");
        settings.put("ssl.keystore.type", "PKCS12");
        settings.put("ssl.keystore.location", keystore().toString());
        settings.put("ssl.keystore.password", keystorePassword);
        settings.put("ssl.key.password", keystorePassword);
        settings.put("ssl.truststore.type", "PEM");
        settings.put("ssl.truststore.location", certificate().toString());
        settings.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        settings.put("allow.everyone.if.no.acl.found", "false");
        settings.put("super.users", "User:" + ADMIN + ";User:" + CERTIFICATE_NAME);
        return settings;
    }

    /** The storage formatter's arguments that create the super user, whose password the broker needs to start. */
    public List<String> formatArguments() {
        return List.of("--add-scram", MECHANISM + "=[name=" + ADMIN + ",password=" + passwords.get(ADMIN) + "]");
    }

    /** A Java client's settings to connect as {@code user} (made up for a user not seen before). */
    public Map<String, Object> clientSettings(String bootstrapServers, String user) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("bootstrap.servers", bootstrapServers);
        settings.put("security.protocol", "SASL_SSL");
        settings.put("sasl.mechanism", MECHANISM);
        settings.put("sasl.jaas.config", jaas(user));
        settings.put("ssl.truststore.type", "PEM");
        settings.put("ssl.truststore.location", certificate().toString());
        return settings;
    }

    /** The same settings as a Quarkus service reads them ({@code kafka.*}, for every channel and the kit's clients). */
    public Map<String, String> serviceSettings(String bootstrapServers, String user) {
        Map<String, String> settings = new LinkedHashMap<>();
        clientSettings(bootstrapServers, user).forEach((key, value) -> settings.put("kafka." + key, String.valueOf(value)));
        return settings;
    }

    /** Creates (or resets) the user's SCRAM credential and grants its ACLs; the caller's admin is the super user. */
    public void provision(Admin admin, ServiceAccess access) {
        try {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(access.user(),
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password(access.user()))))
                    .all().get(30, TimeUnit.SECONDS);
            admin.createAcls(access.acls()).all().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while provisioning Kafka user " + access.user(), e);
        } catch (Exception e) {
            throw new IllegalStateException("Could not provision Kafka user " + access.user() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The super user's client settings as a properties file's text, for Kafka's command line tools
     * ({@code --command-config}) and any client an operator points at the local broker: a secret, to be written where
     * only its owner reads it.
     */
    public String adminClientProperties(String bootstrapServers) {
        StringBuilder text = new StringBuilder("# The local broker's super user (TLS + SCRAM-SHA-512). Keep this file private.\n");
        clientSettings(bootstrapServers, ADMIN).forEach((key, value) -> text.append(key).append('=')
                .append(String.valueOf(value).replace("\\", "\\\\")).append('\n'));
        return text.toString();
    }

    /**
     * {@code text} (a tool's output, an error) with every secret of this broker replaced: Kafka's storage tool repeats
     * its arguments, the super user's password among them, when it refuses them.
     */
    public String withoutSecrets(String text) {
        String hidden = text;
        for (String secret : secrets()) {
            hidden = hidden.replace(secret, "<hidden>");
        }
        return hidden;
    }

    /** Every secret this broker's security made up (passwords, the keystore's), for a test that looks for leaks. */
    public List<String> secrets() {
        List<String> secrets = new ArrayList<>(passwords.values());
        if (keystorePassword != null) {
            secrets.add(keystorePassword);
        }
        return secrets;
    }

    private String password(String user) {
        return passwords.computeIfAbsent(user, u -> secret());
    }

    private String jaas(String user) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password(user) + "\";";
    }

    private static String secret() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private void makeCertificate() {
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(keystore());
            Files.deleteIfExists(certificate());
            keytool("-genkeypair", "-alias", "broker", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", CERTIFICATE_NAME, "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "3650",
                    "-keystore", keystore().toString(), "-storetype", "PKCS12",
                    "-storepass:env", "MOORING_KEYSTORE_PASSWORD", "-keypass:env", "MOORING_KEYSTORE_PASSWORD");
            keytool("-exportcert", "-rfc", "-alias", "broker", "-file", certificate().toString(),
                    "-keystore", keystore().toString(), "-storepass:env", "MOORING_KEYSTORE_PASSWORD");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not make the Kafka broker's certificate in " + dir, e);
        }
    }

    /** JDK's keytool (the JDK has no public API to issue a certificate); the password through its environment. */
    private void keytool(String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("MOORING_KEYSTORE_PASSWORD", keystorePassword);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool " + arguments[0] + " failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while running keytool", e);
        }
    }
}
