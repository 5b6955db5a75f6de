package dev.mooring.provisioner;

import dev.mooring.testing.KafkaBrokerResource;
import dev.mooring.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The real parts the Kubernetes ITs run against: Kafka broker, PostgreSQL, and two simulated arrays (with a
 * realm) that the test announces itself through the {@code px-pure-secret} Secret. Put
 * {@code @WithKubernetesTestServer(crud = true)} beside it: the API test server.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "database", value = "mooring_provisioner_test"))
@QuarkusTestResource(value = ClusterArraysResource.class, restrictToAnnotatedClass = true)
public @interface KubernetesTestResources {
}
