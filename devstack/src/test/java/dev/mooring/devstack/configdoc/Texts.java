package dev.mooring.devstack.configdoc;

/** The reference's hand-written parts: how keys are set, and the settings no Mooring source declares. */
final class Texts {

    private Texts() {
    }

    static final String INTRO = """
            # Configuration reference

            <!-- Generated from the sources by devstack's ConfigReference; do not edit by hand. Regenerate with
                 {command} -->

            Every key each part of Mooring reads, generated from the sources: the `@ConfigMapping` interfaces (one per
            concern, in each module's `config/` package or beside the kit's machinery) and the keys read one by one
            (`@ConfigProperty`), each with its type, its default and its Javadoc. `ConfigurationReferenceTest` (devstack,
            quick tier) fails when this file and the sources disagree, and prints the command that regenerates it:

            ```bash
            {command}
            ```

            **Setting a key.** A service reads its `src/main/resources/application.properties` (sectioned by concern,
            with `%dev` and `%test` profiles; what each sets for production is listed under the part below), then
            environment variables, then Java system properties (`-Dkey=value`), the later winning. The environment
            variable of a key is the key upper-cased with every character other than a letter or digit replaced by `_`
            (the fourth column), which is how `k8s/base` sets them. A duration is written `500ms`, `30s`, `5m`, `1h`,
            `7d` or in ISO-8601 (`PT30S`); a list is comma-separated; `<key>` in a key is a name of your choice (a map),
            `<n>` an index. A default `none` means unset (the feature it names is off or derived, as the meaning says);
            `required` means the part does not start without it. Secrets (tokens, passwords) belong in Kubernetes
            Secrets handed over as environment variables (`valueFrom.secretKeyRef`), never in a file of the image.

            How to install, upgrade and operate: [operations.md](operations.md); the bearer tokens and Kafka users:
            [security.md](security.md).
            """;

    static final String OPERATOR_SETTINGS = """

            ## Settings an operator sets that Quarkus and Kafka read

            These are not declared in Mooring's sources (Quarkus and the Kafka clients read them), so they are listed
            here by hand. `k8s/base/<service>.yaml` sets each of them for the four services; the local stack
            (`devstack/mooring up`) sets its own.

            | key | environment variable | in `k8s/base` | meaning |
            | --- | --- | --- | --- |
            | `quarkus.datasource.reactive.url` | `QUARKUS_DATASOURCE_REACTIVE_URL` | `postgresql://mooring-db-rw:5432/mooring_<service>` | the service's own database (`mooring_provisioner`, `mooring_attach`, `mooring_health`, `mooring_topology`); created when missing, migrated at start (see [service-kit](#service-kit)'s other keys) |
            | `quarkus.datasource.username`, `quarkus.datasource.password` | `QUARKUS_DATASOURCE_USERNAME`, `QUARKUS_DATASOURCE_PASSWORD` | from the Secret `mooring-db-app` (CloudNativePG's, keys `username`, `password`) | the database role |
            | `kafka.bootstrap.servers` | `KAFKA_BOOTSTRAP_SERVERS` | `mooring-kafka-kafka-bootstrap:9093` | the brokers (default `127.0.0.1:9092`, service-kit's `microprofile-config.properties`) |
            | `kafka.security.protocol`, `kafka.sasl.mechanism` | `KAFKA_SECURITY_PROTOCOL`, `KAFKA_SASL_MECHANISM` | `SASL_SSL`, `SCRAM-SHA-512` | TLS and SCRAM, as the broker requires |
            | `kafka.sasl.jaas.config` | `KAFKA_SASL_JAAS_CONFIG` | from the Secret named after the service (Strimzi's `KafkaUser` Secret, key `sasl.jaas.config`) | the service's own Kafka user and password |
            | `kafka.ssl.truststore.type`, `kafka.ssl.truststore.location` | `KAFKA_SSL_TRUSTSTORE_TYPE`, `KAFKA_SSL_TRUSTSTORE_LOCATION` | `PEM`, `/etc/mooring/kafka-ca/ca.crt` (from `mooring-kafka-cluster-ca-cert`) | the broker's CA |
            | `mp.messaging.incoming.<channel>.*` | `MP_MESSAGING_INCOMING_<CHANNEL>_…` | — | a Kafka channel's settings, which service-kit derives from the topic catalogue (`ChannelConfig`) below `application.properties`, so any one may be overridden |
            | `quarkus.http.ssl-port` | `QUARKUS_HTTP_SSL_PORT` | `8443` | the HTTPS port (the Services' port too) |
            | `quarkus.http.ssl.certificate.files`, `quarkus.http.ssl.certificate.key-files` | `QUARKUS_HTTP_SSL_CERTIFICATE_FILES`, `QUARKUS_HTTP_SSL_CERTIFICATE_KEY_FILES` | `/etc/mooring/tls/tls.crt`, `/etc/mooring/tls/tls.key` (the Secret `mooring-tls`) | the services' certificate and PKCS#8 key |
            | `quarkus.http.ssl.certificate.reload-period` | `QUARKUS_HTTP_SSL_CERTIFICATE_RELOAD_PERIOD` | `5m` | how often a renewed certificate is read again (no restart) |
            | `quarkus.http.insecure-requests` | `QUARKUS_HTTP_INSECURE_REQUESTS` | `disabled` | plain HTTP off |
            | `quarkus.http.port` | `QUARKUS_HTTP_PORT` | — | the plain HTTP port of the local stack (8081 provisioner, 8082 attach, 8083 health, 8084 topology; 9108 the node agent's health and metrics) |
            | `quarkus.log.level`, `quarkus.log.category."<logger>".level` | `QUARKUS_LOG_LEVEL`, … | — | log levels (lines carry `service=`, `correlationId=` and the object's key) |

            Read by name at run time, so not found in a declaration below:

            | key | default | meaning |
            | --- | --- | --- |
            | `mooring.leader.<name>.ttl` | `15s` | service-kit's leader lease `<name>` (health-svc's `health-liveness`): a dead holder's lease is taken over after at most this long; an orderly shutdown hands it over at once |
            | `mooring.leader.<name>.renew-interval` | a third of the ttl | how often the holder renews it and the other instances try to take it |

            The ConfigMap `mooring-storage` overrides provisioner-svc's `mooring.storage.*` key by key while it exists
            (its data keys are camelCase names: `driveSpecs`, `maxStorageNodesPerZone`, `expansionThresholdPercent`,
            `maxDrivesPerNode`, `maxDriveSizeGiB`, `expansionMode`); `GET /api/v1/storage/config` shows what is in
            effect and where each value came from. pure.json, the arrays' list, is data, not configuration: see
            [operations.md](operations.md#register-arrays).
            """;
}
