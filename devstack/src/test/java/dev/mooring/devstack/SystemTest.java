package dev.mooring.devstack;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test of the whole stack: tagged {@code system} (its own tier) and ended, after the class's own
 * {@code @AfterAll}, by the scan of every started stack's logs for errors nobody expected.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Tag("system")
@ExtendWith(EndsWithLogScan.class)
@interface SystemTest {

    /** Regular expressions of error lines this test provokes on purpose. */
    String[] expectedErrors() default {};
}
