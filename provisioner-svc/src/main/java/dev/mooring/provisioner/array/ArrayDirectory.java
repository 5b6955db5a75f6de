package dev.mooring.provisioner.array;

import dev.mooring.flasharray.client.ApiToken;
import dev.mooring.flasharray.client.FlashArrayClient;
import dev.mooring.flasharray.client.TlsTrust;
import dev.mooring.flasharray.client.error.FlashArrayAuthenticationException;
import dev.mooring.flasharray.client.error.FlashArrayException;
import dev.mooring.flasharray.client.error.FlashArrayForbiddenException;
import dev.mooring.flasharray.client.error.FlashArrayTlsException;
import dev.mooring.flasharray.client.error.FlashArrayUnsupportedException;
import dev.mooring.provisioner.config.ArraysConfig;
import dev.mooring.provisioner.domain.ArrayChoice;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The FlashArrays the provisioner may use: one client (one session) per configured array, its identity
 * once it answered, and its free capacity. Fed from pure.json; {@link #apply} takes a new document at any
 * time (arrays added, tokens rotated, arrays removed) without a restart.
 */
@ApplicationScoped
public class ArrayDirectory {

    private static final Logger LOG = Logger.getLogger(ArrayDirectory.class);

    @Inject
    Vertx vertx;

    @Inject
    ArraysConfig config;

    /** Keyed by management endpoint, the only identity an entry has before the array answers. */
    private final Map<String, Member> members = new ConcurrentHashMap<>();
    private volatile List<PureJson.Malformed> malformed = List.of();
    private volatile String appliedDocument;
    private long recheckTimer = -1;

    private static final class Member {
        final PureJson.FlashArrayEntry entry;
        final FlashArrayClient client;
        volatile RegisteredArray state;
        volatile Instant spaceReadAt = Instant.EPOCH;

        Member(PureJson.FlashArrayEntry entry, FlashArrayClient client, RegisteredArray state) {
            this.entry = entry;
            this.client = client;
            this.state = state;
        }
    }

    void onStart(@Observes StartupEvent event) {
        if (config.pureJsonFile().isPresent()) {
            reloadFile();
            recheckTimer = vertx.setPeriodic(config.recheckInterval().toMillis(), id -> {
                reloadFile();
                retryFailed();
            });
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (recheckTimer >= 0) {
            vertx.cancelTimer(recheckTimer);
        }
        members.values().forEach(m -> m.client.close().subscribe().with(ok -> { }, err -> { }));
    }

    /** Reads the configured pure.json file when it changed since it was last applied. */
    void reloadFile() {
        Path file = config.pureJsonFile().orElseThrow();
        try {
            String document = Files.readString(file);
            if (!document.equals(appliedDocument)) {
                apply(PureJson.parse(document)).subscribe().with(
                        arrays -> LOG.infof("pure.json applied: %d array(s) registered, %d refused", arrays.stream()
                                .filter(RegisteredArray::registered).count(), arrays.stream()
                                .filter(a -> !a.registered()).count() + malformed.size()),
                        error -> LOG.errorf("pure.json could not be applied: %s", error.getMessage()));
                appliedDocument = document;
            }
        } catch (IOException e) {
            LOG.warnf("Cannot read pure.json at %s: %s", file, e.getMessage());
        }
    }

    /**
     * Makes the directory hold exactly the document's arrays: new entries get a client and are registered,
     * entries whose token changed get a new client, entries no longer present are closed and dropped.
     */
    public Uni<List<RegisteredArray>> apply(PureJson.Parsed parsed) {
        malformed = parsed.malformed();
        parsed.malformed().forEach(m -> LOG.warnf("pure.json %s refused: %s", m.description(), m.reason()));
        Map<String, PureJson.FlashArrayEntry> wanted = new ConcurrentHashMap<>();
        parsed.arrays().forEach(e -> wanted.put(e.mgmtEndPoint(), e));
        members.keySet().removeIf(endpoint -> {
            if (!wanted.containsKey(endpoint)) {
                Member gone = members.get(endpoint);
                LOG.infof("Array %s removed from pure.json", gone.state.name() == null ? endpoint : gone.state.name());
                gone.client.close().subscribe().with(ok -> { }, err -> { });
                return true;
            }
            return false;
        });
        List<Uni<RegisteredArray>> registrations = new ArrayList<>();
        for (PureJson.FlashArrayEntry entry : wanted.values()) {
            Member current = members.get(entry.mgmtEndPoint());
            if (current == null || !current.entry.apiToken().equals(entry.apiToken())
                    || !current.entry.labels().equals(entry.labels())) {
                if (current != null) {
                    current.client.close().subscribe().with(ok -> { }, err -> { });
                }
                Member fresh = new Member(entry, newClient(entry), pending(entry));
                members.put(entry.mgmtEndPoint(), fresh);
                registrations.add(register(fresh));
            } else {
                registrations.add(Uni.createFrom().item(current.state));
            }
        }
        return registrations.isEmpty() ? Uni.createFrom().item(List.of())
                : Uni.join().all(registrations).andCollectFailures();
    }

    /** Every configured array with its state, registered or not, in name order. */
    public List<RegisteredArray> arrays() {
        return members.values().stream().map(m -> m.state)
                .sorted(Comparator.comparing(a -> a.name() == null ? a.endpoint() : a.name())).toList();
    }

    /** Entries of pure.json that could not be used. */
    public List<PureJson.Malformed> malformedEntries() {
        return malformed;
    }

    /** The client of a registered array, by array name. */
    public Optional<FlashArrayClient> client(String arrayName) {
        return members.values().stream().filter(m -> arrayName.equals(m.state.name()) && m.state.registered())
                .map(m -> m.client).findFirst();
    }

    /** Registered arrays with fresh (or recent enough) free capacity, for choosing where a volume goes. */
    public Uni<List<ArrayChoice.Candidate>> candidates() {
        List<Uni<ArrayChoice.Candidate>> reads = members.values().stream()
                .filter(m -> m.state.registered())
                .map(this::candidate).toList();
        return reads.isEmpty() ? Uni.createFrom().item(List.of()) : Uni.join().all(reads).andFailFast();
    }

    private Uni<ArrayChoice.Candidate> candidate(Member member) {
        RegisteredArray known = member.state;
        if (Instant.now().isBefore(member.spaceReadAt.plus(config.spaceCacheTtl())) && known.freeBytes() != null) {
            return Uni.createFrom().item(new ArrayChoice.Candidate(known.name(), true, known.freeBytes()));
        }
        return member.client.arrays().space()
                .map(space -> {
                    long free = space.free() == null ? 0 : space.free();
                    member.state = withSpace(member.state, space.capacity(), free);
                    member.spaceReadAt = Instant.now();
                    return new ArrayChoice.Candidate(known.name(), true, free);
                })
                .onFailure().recoverWithItem(error -> {
                    LOG.debugf("Array %s did not report its space: %s", known.name(), error.getMessage());
                    return new ArrayChoice.Candidate(known.name(), false, 0);
                });
    }

    private void retryFailed() {
        members.values().stream().filter(m -> !m.state.registered())
                .forEach(m -> register(m).subscribe().with(ok -> { }, err -> { }));
    }

    private Uni<RegisteredArray> register(Member member) {
        PureJson.FlashArrayEntry entry = member.entry;
        return member.client.arrays().get()
                .chain(array -> member.client.arrays().space().map(space -> {
                    if (PurityVersion.older(array.version(), config.minimumPurityVersion())) {
                        return failed(entry, "PurityTooOld", entry.describe() + " runs Purity//FA " + array.version()
                                + "; Mooring needs " + config.minimumPurityVersion() + " or newer");
                    }
                    member.spaceReadAt = Instant.now();
                    return new RegisteredArray(entry.mgmtEndPoint(), array.name(), array.id(), array.version(),
                            space.capacity(), space.free(), RegisteredArray.Status.Registered, null, null,
                            entry.labels(), Instant.now());
                }))
                .onFailure().recoverWithItem(error -> failed(entry, reasonOf(error), entry.describe() + ": "
                        + messageOf(error)))
                .invoke(state -> {
                    RegisteredArray before = member.state;
                    member.state = state;
                    if (state.registered() && !before.registered()) {
                        LOG.infof("Array %s registered (%s, Purity//FA %s)", state.name(), entry.mgmtEndPoint(),
                                state.purityVersion());
                    } else if (!state.registered() && !state.failureMessage().equals(before.failureMessage())) {
                        LOG.warnf("Array %s not registered: %s", entry.mgmtEndPoint(), state.failureMessage());
                    }
                });
    }

    private FlashArrayClient newClient(PureJson.FlashArrayEntry entry) {
        TlsTrust trust = config.tls().insecure() ? TlsTrust.insecureTrustAll()
                : config.tls().caFile().map(TlsTrust::pemFile).orElse(TlsTrust.system());
        return FlashArrayClient.builder()
                .vertx(vertx)
                .endpoint(entry.mgmtEndPoint())
                .apiToken(ApiToken.of(entry.apiToken()))
                .trust(trust)
                .maxConcurrentRequests(config.maxConcurrentRequests())
                .requestTimeout(config.requestTimeout())
                .build();
    }

    private static RegisteredArray pending(PureJson.FlashArrayEntry entry) {
        return new RegisteredArray(entry.mgmtEndPoint(), null, null, null, null, null,
                RegisteredArray.Status.Failed, "NotYetChecked", entry.describe() + " has not answered yet",
                entry.labels(), Instant.now());
    }

    private static RegisteredArray failed(PureJson.FlashArrayEntry entry, String reason, String message) {
        return new RegisteredArray(entry.mgmtEndPoint(), null, null, null, null, null,
                RegisteredArray.Status.Failed, reason, message, entry.labels(), Instant.now());
    }

    private static RegisteredArray withSpace(RegisteredArray state, Long capacity, long free) {
        return new RegisteredArray(state.endpoint(), state.name(), state.id(), state.purityVersion(),
                capacity, free, state.status(), state.failureReason(), state.failureMessage(), state.labels(),
                state.checkedAt());
    }

    static String reasonOf(Throwable error) {
        if (error instanceof FlashArrayAuthenticationException || error instanceof FlashArrayForbiddenException) {
            return "TokenRefused";
        }
        if (error instanceof FlashArrayTlsException) {
            return "CertificateRefused";
        }
        if (error instanceof FlashArrayUnsupportedException) {
            return "RestVersionUnsupported";
        }
        return "Unreachable";
    }

    private static String messageOf(Throwable error) {
        if (error instanceof FlashArrayAuthenticationException) {
            return "the array refused the API token";
        }
        if (error instanceof FlashArrayException fa) {
            return fa.getMessage();
        }
        return "cannot be reached: " + error.getMessage();
    }
}
