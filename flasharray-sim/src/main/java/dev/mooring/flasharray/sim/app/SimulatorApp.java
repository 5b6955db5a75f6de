package dev.mooring.flasharray.sim.app;

import dev.mooring.flasharray.sim.FlashArraySimulator;
import dev.mooring.flasharray.sim.config.SimulatorConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.annotations.CommandLineArguments;
import io.vertx.core.Vertx;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The standalone simulator: reads {@code mooring.sim.config-file} (YAML or JSON; the bundled
 * {@code sim-default.yaml} when unset), starts {@link FlashArraySimulator} on Quarkus's Vert.x and stops it on
 * shutdown.
 */
@Startup
@ApplicationScoped
public class SimulatorApp {
    private static final Logger LOG = Logger.getLogger(SimulatorApp.class);
    static final String DEFAULT_CONFIG = "sim-default.yaml";

    @Inject
    Vertx vertx;

    @ConfigProperty(name = "mooring.sim.config-file")
    Optional<String> configFile;

    /** Also accepted after {@code -jar}: {@code -Dmooring.sim.config-file=…} or {@code --config=…}. */
    @Inject
    @CommandLineArguments
    String[] args;

    private volatile FlashArraySimulator simulator;
    private volatile String failure;

    @PostConstruct
    void start() {
        SimulatorConfig config;
        Optional<String> file = configFile.filter(f -> !f.isBlank()).or(() -> fromArgs(args));
        if (file.isPresent()) {
            Path path = Path.of(file.get());
            LOG.infof("flasharray-sim: configuration %s", path.toAbsolutePath());
            config = SimulatorConfig.load(path);
        } else {
            LOG.infof("flasharray-sim: no mooring.sim.config-file given, using the bundled %s", DEFAULT_CONFIG);
            try (InputStream in = SimulatorApp.class.getClassLoader().getResourceAsStream(DEFAULT_CONFIG)) {
                if (in == null) {
                    throw new IllegalStateException(DEFAULT_CONFIG + " is missing from the application");
                }
                config = SimulatorConfig.load(in);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        try {
            simulator = FlashArraySimulator.start(config, vertx);
        } catch (RuntimeException e) {
            failure = e.getMessage();
            throw e;
        }
        for (String a : simulator.arrayNames()) {
            LOG.infof("flasharray-sim: array=%s at %s", a, simulator.baseUrl(a));
        }
    }

    static Optional<String> fromArgs(String[] args) {
        if (args == null) {
            return Optional.empty();
        }
        for (String a : args) {
            for (String prefix : new String[]{"-Dmooring.sim.config-file=", "--config=", "--mooring.sim.config-file="}) {
                if (a.startsWith(prefix) && a.length() > prefix.length()) {
                    return Optional.of(a.substring(prefix.length()));
                }
            }
        }
        return Optional.empty();
    }

    void onStop(@Observes ShutdownEvent event) {
        FlashArraySimulator s = simulator;
        simulator = null;
        if (s != null) {
            s.close();
        }
    }

    /** The running simulator, or null before start / after stop. */
    public FlashArraySimulator simulator() {
        return simulator;
    }

    public String failure() {
        return failure;
    }
}
