package dev.mooring.flasharray.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.smallrye.mutiny.Uni;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.ext.web.client.WebClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.jboss.logging.Logger;

/**
 * A typed, reactive client for one FlashArray (REST 2.x): one client = one array = one session.
 *
 * <pre>{@code
 * FlashArrayClient fa = FlashArrayClient.builder()
 *         .vertx(vertx)                                  // the service's Vert.x: results come back on the caller's context
 *         .endpoint("10.0.0.10")                         // pure.json MgmtEndPoint: IP, FQDN or [IPv6], optional :port
 *         .apiToken(ApiToken.of(token))
 *         .trust(TlsTrust.pem(arrayCertificatePem))
 *         .build();
 * fa.volumes().create(VolumeCreate.of("pvc-1", 10L << 30)).subscribe()...
 * }</pre>
 *
 * <h2>Behaviour</h2>
 * <ul>
 *   <li>The REST version is negotiated on first use with {@code GET /api/api_version}: the highest 2.x the
 *       array offers within {@link Builder#restVersionRange(String, String)} (numeric compare). None →
 *       {@code FlashArrayUnsupportedException}.</li>
 *   <li>Login ({@code api-token} → {@code x-auth-token}) happens once, shared by all concurrent calls; a
 *       401 re-logs in once (one login for all calls that saw it) and repeats the call.</li>
 *   <li>At most {@code maxConcurrentRequests} requests are on the wire; the rest queue.</li>
 *   <li>Retries and the outcome of failures follow {@link RetryPolicy}; every failure is a
 *       {@code FlashArrayException} subtype with an {@link dev.mooring.flasharray.client.error.Outcome}.</li>
 *   <li>Every request carries a fresh {@code X-Request-ID} (kept across the retries of one call).</li>
 *   <li>Every {@code Uni} completes on the Vert.x context of the subscriber (a fresh event-loop context when
 *       subscribed from a non-Vert.x thread). Delays use Vert.x timers.</li>
 *   <li>The API token and the session token never appear in logs, exceptions or {@code toString()}.</li>
 * </ul>
 */
public final class FlashArrayClient {

    private static final Logger LOG = Logger.getLogger(FlashArrayClient.class);

    private final Transport transport;
    private final ArraysApi arrays;
    private final VolumesApi volumes;
    private final HostsApi hosts;
    private final HostGroupsApi hostGroups;
    private final ConnectionsApi connections;
    private final PodsApi pods;
    private final RealmsApi realms;
    private final PortsApi ports;
    private final NetworkInterfacesApi networkInterfaces;
    private final ControllersApi controllers;

    private FlashArrayClient(Transport transport) {
        this.transport = transport;
        this.arrays = new ArraysApi(transport);
        this.volumes = new VolumesApi(transport);
        this.hosts = new HostsApi(transport);
        this.hostGroups = new HostGroupsApi(transport);
        this.connections = new ConnectionsApi(transport);
        this.pods = new PodsApi(transport);
        this.realms = new RealmsApi(transport);
        this.ports = new PortsApi(transport);
        this.networkInterfaces = new NetworkInterfacesApi(transport);
        this.controllers = new ControllersApi(transport);
    }

    public static Builder builder() {
        return new Builder();
    }

    public ArraysApi arrays() {
        return arrays;
    }

    public VolumesApi volumes() {
        return volumes;
    }

    public HostsApi hosts() {
        return hosts;
    }

    public HostGroupsApi hostGroups() {
        return hostGroups;
    }

    public ConnectionsApi connections() {
        return connections;
    }

    public PodsApi pods() {
        return pods;
    }

    public RealmsApi realms() {
        return realms;
    }

    public PortsApi ports() {
        return ports;
    }

    public NetworkInterfacesApi networkInterfaces() {
        return networkInterfaces;
    }

    public ControllersApi controllers() {
        return controllers;
    }

    /** The array endpoint this client talks to. */
    public Endpoint endpoint() {
        return transport.endpoint;
    }

    /** The negotiated REST version, negotiating now if needed. */
    public Uni<RestVersion> restVersion() {
        return transport.restVersion();
    }

    /** The negotiated REST version if negotiation has happened. */
    public Optional<RestVersion> negotiatedVersion() {
        return transport.negotiated();
    }

    /** Negotiates and logs in now, rather than on the first call (to check a token at registration). */
    public Uni<Void> login() {
        return transport.login();
    }

    /** Ends the session ({@code POST /logout}); the next call logs in again. */
    public Uni<Void> logout() {
        return transport.logout();
    }

    /** Logs out (best effort) and releases the connections. The client cannot be used afterwards. */
    public Uni<Void> close() {
        return transport.close();
    }

    /** Counters for metrics and tests. */
    public ClientStats stats() {
        return transport.stats();
    }

    /** For tests in this package: the session tokens this client received (never expose them further). */
    java.util.List<String> sessionTokensForTests() {
        return transport.sessionTokensForTests();
    }

    @Override
    public String toString() {
        return "FlashArrayClient[" + transport.endpoint.authority()
                + transport.negotiated().map(v -> ", REST " + v).orElse("") + "]";
    }

    /** The JSON mapper the client uses: snake_case, unknown properties ignored, nulls not sent. */
    static ObjectMapper newObjectMapper() {
        return new ObjectMapper()
                .registerModule(new Jdk8Module())
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, false)
                .configure(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL, true)
                .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false);
    }

    /** Builds a {@link FlashArrayClient}; {@code vertx}, {@code endpoint} and {@code apiToken} are required. */
    public static final class Builder {
        private io.vertx.core.Vertx vertx;
        private Endpoint endpoint;
        private ApiToken apiToken;
        private TlsTrust trust = TlsTrust.system();
        private int maxConcurrentRequests = 8;
        private Duration requestTimeout = Duration.ofSeconds(30);
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private RestVersion minVersion = RestVersion.V2_2;
        private RestVersion maxVersion;
        private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
        private Clock clock = Clock.systemUTC();
        private Tracer tracer = OpenTelemetry.noop().getTracer(CallTracing.INSTRUMENTATION);

        private Builder() {
        }

        /** The Vert.x instance (Mutiny flavour) whose event loops and timers the client uses. */
        public Builder vertx(io.vertx.mutiny.core.Vertx vertx) {
            this.vertx = Objects.requireNonNull(vertx, "vertx").getDelegate();
            return this;
        }

        /** The Vert.x instance (core flavour). */
        public Builder vertx(io.vertx.core.Vertx vertx) {
            this.vertx = Objects.requireNonNull(vertx, "vertx");
            return this;
        }

        /** {@code pure.json} {@code MgmtEndPoint}: {@code 10.0.0.10}, {@code fa.example.com:8443}, {@code [fd00::1]}. */
        public Builder endpoint(String endpoint) {
            this.endpoint = Endpoint.parse(endpoint);
            return this;
        }

        public Builder endpoint(Endpoint endpoint) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            return this;
        }

        public Builder apiToken(ApiToken apiToken) {
            this.apiToken = Objects.requireNonNull(apiToken, "apiToken");
            return this;
        }

        /** How to trust the array's certificate; default {@link TlsTrust#system()}. */
        public Builder trust(TlsTrust trust) {
            this.trust = Objects.requireNonNull(trust, "trust");
            return this;
        }

        /** Requests on the wire at once to this array (default 8); more wait in a queue. */
        public Builder maxConcurrentRequests(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxConcurrentRequests must be >= 1");
            }
            this.maxConcurrentRequests = n;
            return this;
        }

        /** How long one HTTP attempt may take (default 30 s); a timeout may have happened. */
        public Builder requestTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "requestTimeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("requestTimeout must be positive");
            }
            this.requestTimeout = timeout;
            return this;
        }

        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy, "retryPolicy");
            return this;
        }

        /**
         * The acceptable REST versions: at least {@code min} (default and lowest supported 2.2), at most
         * {@code preferredMax} (null = the highest the array offers).
         */
        public Builder restVersionRange(String min, String preferredMax) {
            RestVersion lo = RestVersion.parse(min);
            RestVersion hi = preferredMax == null ? null : RestVersion.parse(preferredMax);
            if (lo.major() != 2 || lo.compareTo(RestVersion.V2_2) < 0) {
                throw new IllegalArgumentException("the client speaks REST 2.2 or later: " + min);
            }
            if (hi != null && hi.compareTo(lo) < 0) {
                throw new IllegalArgumentException("preferred max " + preferredMax + " is below min " + min);
            }
            this.minVersion = lo;
            this.maxVersion = hi;
            return this;
        }

        /**
         * Where the CLIENT span of each request goes (default: nowhere). The span is a child of the trace context
         * current when the call is subscribed to.
         */
        public Builder tracer(Tracer tracer) {
            this.tracer = Objects.requireNonNull(tracer, "tracer");
            return this;
        }

        /** Source of jitter, for tests. */
        Builder random(DoubleSupplier random) {
            this.random = Objects.requireNonNull(random);
            return this;
        }

        /** Clock for {@code Retry-After} dates, for tests. */
        Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        public FlashArrayClient build() {
            Objects.requireNonNull(vertx, "vertx is required");
            Objects.requireNonNull(endpoint, "endpoint is required");
            Objects.requireNonNull(apiToken, "apiToken is required");
            WebClientOptions options = new WebClientOptions()
                    .setUserAgent("mooring-flasharray-client")
                    .setFollowRedirects(false)
                    .setKeepAlive(true)
                    .setMaxPoolSize(maxConcurrentRequests)
                    .setConnectTimeout((int) Math.min(requestTimeout.toMillis(), 10_000))
                    // Our own span per request (CallTracing), not Vert.x's: no duplicate, and no trace header to the array.
                    .setTracingPolicy(TracingPolicy.IGNORE);
            trust.applyTo(options);
            if (trust.isInsecure()) {
                LOG.warnf("TLS certificate verification is OFF for FlashArray %s (TlsTrust.insecureTrustAll)",
                        endpoint.authority());
            }
            WebClient client = WebClient.create(new io.vertx.mutiny.core.Vertx(vertx), options);
            Transport t = new Transport(vertx, client, endpoint, apiToken, requestTimeout, retryPolicy, minVersion,
                    maxVersion, maxConcurrentRequests, random, clock, newObjectMapper(), tracer);
            return new FlashArrayClient(t);
        }
    }
}
