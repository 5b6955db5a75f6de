package dev.mooring.provisioner;

import dev.mooring.testing.KafkaBrokerResource;
import dev.mooring.testing.PostgresResource;
import dev.mooring.testing.SimulatorResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The real parts every provisioner IT runs against: Kafka broker, PostgreSQL, two simulated arrays. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "mooring_provisioner_test"))
@QuarkusTestResource(SimulatorResource.class)
public @interface ProvisionerTestResources {
}
