package dev.mooring.console;

import dev.mooring.console.source.MooringSource;
import dev.mooring.console.source.RestReader;
import dev.mooring.console.source.ServiceEndpoint;
import dev.mooring.console.web.ConsoleServer;
import dev.mooring.kit.security.PemTrust;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.SSLContext;

/**
 * Starts the read-only console ({@link ConsoleSettings} lists its flags) and serves until stopped. Prints the URL it
 * serves on; never the token.
 */
public final class ConsoleMain {

    private ConsoleMain() {
    }

    public static void main(String[] args) throws Exception {
        ConsoleSettings settings;
        MooringSource source;
        try {
            settings = ConsoleSettings.parse(List.of(args), System::getenv);
            source = source(settings);
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("console: " + e.getMessage());
            System.exit(2);
            return;
        }
        ConsoleServer server = new ConsoleServer(source, settings.host(), settings.port(), settings.refreshSeconds(),
                Clock.systemUTC());
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "console-stop"));
        System.out.println("console: serving http://" + settings.host() + ":" + server.port() + "/ (read-only), reading "
                + "provisioner-svc " + settings.provisionerUrl() + ", attach-svc " + settings.attachUrl()
                + ", health-svc " + settings.healthUrl());
        new CountDownLatch(1).await();
    }

    /** The services as the settings name them, read with the token (and the CA, for https). */
    static MooringSource source(ConsoleSettings settings) {
        SSLContext tls = settings.caFile() == null ? null : PemTrust.of("--ca-file", settings.caFile());
        RestReader reader = new RestReader(settings.readToken(), tls);
        List<ServiceEndpoint> others = settings.topologyUrl() == null ? List.of()
                : List.of(ServiceEndpoint.of("topology-svc", "--topology-url", settings.topologyUrl()));
        return new MooringSource(reader, ServiceEndpoint.of("provisioner-svc", "--provisioner-url", settings.provisionerUrl()),
                ServiceEndpoint.of("health-svc", "--health-url", settings.healthUrl()),
                ServiceEndpoint.of("attach-svc", "--attach-url", settings.attachUrl()), others);
    }
}
