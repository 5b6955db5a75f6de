package dev.mooring.kit.arrays;

import dev.mooring.flasharray.client.ApiToken;
import dev.mooring.flasharray.client.FlashArrayClient;
import dev.mooring.flasharray.client.TlsTrust;
import dev.mooring.flasharray.client.error.FlashArrayAuthenticationException;
import dev.mooring.flasharray.client.error.FlashArrayException;
import dev.mooring.flasharray.client.error.FlashArrayForbiddenException;
import dev.mooring.flasharray.client.error.FlashArrayTlsException;
import dev.mooring.flasharray.client.error.FlashArrayUnsupportedException;
import dev.mooring.kit.background.BackgroundWork;
import dev.mooring.kit.background.SafeContexts;
import dev.mooring.kit.tracing.EventTraceContext;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * A service's FlashArrays: one client (one session) per array configured in pure.json, each array's
 * identity once it answered, or why it could not be registered. pure.json comes from the
 * {@code px-pure-secret} Secret (watched), from a file (re-read on change), or nowhere; {@link #apply}
 * takes a new document at any time — arrays added, tokens rotated, arrays removed — without a restart.
 * Tokens stay inside the clients, which never show them.
 */
@ApplicationScoped
public class ArrayDirectory {

    private static final Logger LOG = Logger.getLogger(ArrayDirectory.class);

    @Inject
    Vertx vertx;

    @Inject
    ArraysConfig config;

    @Inject
    BackgroundWork background;

    @Inject
    SafeContexts contexts;

    @Inject
    Instance<PureJsonSecretSource> secretSource;

    /** The array requests' CLIENT spans (a no-op while tracing is off). */
    @Inject
    EventTraceContext tracing;

    @Inject
    ArrayMeters meters;

    /** Keyed by management endpoint, the only identity an entry has before the array answers. */
    private final Map<String, Member> members = new ConcurrentHashMap<>();
    private final BroadcastProcessor<ArrayChange> changes = BroadcastProcessor.create();
    private final BroadcastProcessor<Integer> applied = BroadcastProcessor.create();
    private volatile int documentsApplied;
    private volatile List<PureJson.Malformed> malformed = List.of();
    private volatile String appliedFile;

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
        switch (config.source()) {
            case file -> {
                Path file = config.pureJsonFile().orElseThrow(() -> new IllegalStateException(
                        "mooring.arrays.source=file needs mooring.arrays.pure-json-file"));
                reloadFile(file);
                background.periodic("arrays-recheck", config.recheckInterval(), () -> contexts
                        .blocking(() -> {
                            reloadFile(file);
                            return null;
                        })
                        .chain(this::retryFailed));
            }
            case secret -> {
                secretSource.get().watch(this::applyDocument);
                background.periodic("arrays-recheck", config.recheckInterval(), this::retryFailed);
            }
            case none -> LOG.debug("No FlashArrays configured for this service (mooring.arrays.source=none)");
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        members.values().forEach(m -> m.client.close().subscribe().with(ok -> { }, err -> { }));
    }

    /** Every change of an array's state, as it happens (no replay: read {@link #arrays()} first). */
    public Multi<ArrayChange> changes() {
        return changes;
    }

    /**
     * Whether a pure.json document (or the news that there is none: no Secret) has been applied since start.
     * Until then, the arrays known are not yet the configured ones.
     */
    public boolean documentApplied() {
        return documentsApplied > 0;
    }

    /** Emits the count of documents applied so far, each time one has been (every entry registered or refused). */
    public Multi<Integer> documentsApplied() {
        return applied;
    }

    /** Applies a pure.json document (null or empty: no arrays), logging the outcome. */
    public void applyDocument(String document) {
        apply(PureJson.parse(document == null || document.isBlank() ? "{}" : document))
                .eventually(() -> applied.onNext(++documentsApplied))
                .subscribe().with(
                        arrays -> LOG.infof("pure.json applied: %d array(s) registered, %d not", arrays.stream()
                                .filter(RegisteredArray::registered).count(), arrays.stream()
                                .filter(a -> !a.registered()).count() + malformed.size()),
                        error -> LOG.errorf("pure.json could not be applied: %s", error.getMessage()));
    }

    private void reloadFile(Path file) {
        try {
            String document = Files.readString(file);
            if (!document.equals(appliedFile)) {
                appliedFile = document;
                applyDocument(document);
            }
        } catch (IOException e) {
            LOG.warnf("Cannot read pure.json at %s: %s", file, e.getMessage());
        }
    }

    /**
     * Makes the directory hold exactly the document's arrays: new entries get a client and are registered,
     * entries whose token or labels changed get a new client, entries no longer present are closed and
     * dropped. Completes with every configured array's state.
     */
    public Uni<List<RegisteredArray>> apply(PureJson.Parsed parsed) {
        malformed = parsed.malformed();
        parsed.malformed().forEach(m -> LOG.warnf("pure.json %s refused: %s", m.description(), m.reason()));
        Map<String, PureJson.FlashArrayEntry> wanted = new ConcurrentHashMap<>();
        parsed.arrays().forEach(e -> wanted.put(e.mgmtEndPoint(), e));
        for (String endpoint : List.copyOf(members.keySet())) {
            if (!wanted.containsKey(endpoint)) {
                Member gone = members.remove(endpoint);
                LOG.infof("Array %s removed from pure.json", gone.state.displayName());
                meters.removed(gone.client.endpoint().authority());
                gone.client.close().subscribe().with(ok -> { }, err -> { });
                changes.onNext(new ArrayChange(gone.state, null));
            }
        }
        List<Uni<RegisteredArray>> registrations = new ArrayList<>();
        for (PureJson.FlashArrayEntry entry : wanted.values()) {
            Member current = members.get(entry.mgmtEndPoint());
            boolean sameEntry = current != null && current.entry.apiToken().equals(entry.apiToken())
                    && current.entry.labels().equals(entry.labels()) && Objects.equals(current.entry.realm(), entry.realm());
            if (sameEntry) {
                registrations.add(Uni.createFrom().item(current.state));
                continue;
            }
            if (current != null) {
                LOG.infof("Array %s: token or labels changed, new session", current.state.displayName());
                current.client.close().subscribe().with(ok -> { }, err -> { });
            }
            Member fresh = new Member(entry, newClient(entry),
                    current != null ? current.state : RegisteredArray.pending(entry));
            members.put(entry.mgmtEndPoint(), fresh);
            if (current == null) {
                String key = entry.mgmtEndPoint();
                meters.configured(fresh.client.endpoint().authority(), () -> {
                    Member now = members.get(key);
                    return now != null && now.state.registered();
                });
            }
            registrations.add(register(fresh, current == null, true));
        }
        return registrations.isEmpty() ? Uni.createFrom().item(List.of())
                : Uni.join().all(registrations).andCollectFailures();
    }

    /** Every configured array with its state, registered or not, in name order. */
    public List<RegisteredArray> arrays() {
        return members.values().stream().map(m -> m.state)
                .sorted(Comparator.comparing(RegisteredArray::displayName)).toList();
    }

    /** The registered arrays only. */
    public List<RegisteredArray> registered() {
        return arrays().stream().filter(RegisteredArray::registered).toList();
    }

    /** Entries of pure.json that could not be used at all. */
    public List<PureJson.Malformed> malformedEntries() {
        return malformed;
    }

    /** The client of a registered array, by array name. */
    public Optional<FlashArrayClient> client(String arrayName) {
        return members.values().stream().filter(m -> m.state.registered() && arrayName.equals(m.state.name()))
                .map(m -> m.client).findFirst();
    }

    /**
     * A registered array's free capacity in bytes, reused for {@code space-cache-ttl}; empty when the array
     * is not registered or does not answer now.
     */
    public Uni<Optional<Long>> freeBytes(String arrayName) {
        Optional<Member> member = members.values().stream()
                .filter(m -> m.state.registered() && arrayName.equals(m.state.name())).findFirst();
        if (member.isEmpty()) {
            return Uni.createFrom().item(Optional.empty());
        }
        Member m = member.get();
        if (Instant.now().isBefore(m.spaceReadAt.plus(config.spaceCacheTtl())) && m.state.freeBytes() != null) {
            return Uni.createFrom().item(Optional.of(m.state.freeBytes()));
        }
        return m.client.arrays().space()
                .map(space -> {
                    long free = space.free() == null ? 0 : space.free();
                    m.state = m.state.withSpace(space.capacity(), free);
                    m.spaceReadAt = Instant.now();
                    return Optional.of(free);
                })
                .onFailure().recoverWithItem(error -> {
                    LOG.debugf("Array %s did not report its space: %s", arrayName, error.getMessage());
                    return Optional.empty();
                });
    }

    /** Tries every unregistered array again (each on its own: one that hangs does not hold up the others). */
    private Uni<Void> retryFailed() {
        List<Uni<RegisteredArray>> retries = members.values().stream().filter(m -> !m.state.registered())
                .map(m -> register(m, false, false).onFailure().recoverWithNull()).toList();
        return retries.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(retries).andCollectFailures().replaceWithVoid();
    }

    /**
     * Logs in and reads identity and space. {@code announce}: a new or replaced entry, whose outcome is
     * always a change; a retry is a change only when the status or the reason differs.
     */
    private Uni<RegisteredArray> register(Member member, boolean isNew, boolean announce) {
        PureJson.FlashArrayEntry entry = member.entry;
        return member.client.arrays().get()
                .chain(array -> member.client.arrays().space().map(space -> {
                    if (PurityVersion.older(array.version(), config.minimumPurityVersion())) {
                        return RegisteredArray.failed(entry, "PurityTooOld", entry.describe() + " runs Purity//FA "
                                + array.version() + "; Mooring needs " + config.minimumPurityVersion() + " or newer");
                    }
                    member.spaceReadAt = Instant.now();
                    return new RegisteredArray(entry.describe(), entry.mgmtEndPoint(), array.name(), array.id(), array.version(),
                            space.capacity(), space.free(), RegisteredArray.Status.Registered, null, null,
                            entry.labels(), Instant.now());
                }))
                .onFailure().recoverWithItem(error -> RegisteredArray.failed(entry, reasonOf(error),
                        entry.describe() + ": " + messageOf(error)))
                .invoke(state -> {
                    if (members.get(entry.mgmtEndPoint()) != member) {
                        return; // replaced or removed while it was being registered
                    }
                    RegisteredArray before = member.state;
                    member.state = state;
                    boolean changed = before.status() != state.status()
                            || !Objects.equals(before.failureReason(), state.failureReason());
                    if (state.registered() && (announce || changed)) {
                        LOG.infof("Array %s registered (%s, Purity//FA %s)", state.name(), entry.mgmtEndPoint(),
                                state.purityVersion());
                    } else if (!state.registered() && (announce || changed)) {
                        LOG.warnf("Array %s not registered: %s", entry.mgmtEndPoint(), state.failureMessage());
                    }
                    if (announce || changed) {
                        changes.onNext(new ArrayChange(isNew ? null : before, state));
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
                .tracer(tracing.tracer("dev.mooring.flasharray"))
                .build();
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
