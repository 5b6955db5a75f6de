package dev.mooring.agent.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.flasharray.client.ApiToken;
import dev.mooring.flasharray.client.FlashArrayClient;
import dev.mooring.flasharray.client.TlsTrust;
import io.vertx.mutiny.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The simulated host's view of the SAN: a client per array of a pure.json ({@code FlashArrays[].MgmtEndPoint},
 * {@code APIToken}), keyed by the name each array reports.
 */
final class SimulatedArrays {

    private SimulatedArrays() {
    }

    static Map<String, FlashArrayClient> open(Vertx vertx, Path pureJson, Optional<Path> caFile, Duration timeout) {
        JsonNode doc;
        try {
            doc = new ObjectMapper().readTree(Files.readString(pureJson));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the simulated arrays' pure.json " + pureJson, e);
        }
        Map<String, FlashArrayClient> clients = new LinkedHashMap<>();
        for (JsonNode entry : doc.path("FlashArrays")) {
            FlashArrayClient client = FlashArrayClient.builder().vertx(vertx)
                    .endpoint(entry.path("MgmtEndPoint").asText())
                    .apiToken(ApiToken.of(entry.path("APIToken").asText()))
                    .trust(caFile.map(TlsTrust::pemFile).orElse(TlsTrust.system()))
                    .build();
            String name = client.arrays().get().await().atMost(timeout).name();
            clients.put(name, client);
        }
        if (clients.isEmpty()) {
            throw new IllegalStateException(pureJson + " names no FlashArray");
        }
        return clients;
    }
}
