package dev.mooring.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The one place where system tests end: after the class has stopped its stacks, every stack it started is
 * scanned with {@link LogScan}; an error line that {@link SystemTest#expectedErrors()} does not name fails
 * the class, so a fault that the assertions happened not to see still shows; and no log line may hold any of the
 * secrets the stack gave out ({@link SecretScan}).
 */
final class EndsWithLogScan implements BeforeAllCallback, AfterAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(EndsWithLogScan.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NAMESPACE).put("first", Stack.startedInThisJvm().size());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        int first = context.getStore(NAMESPACE).getOrDefault("first", Integer.class, 0);
        List<Stack> started = Stack.startedInThisJvm();
        List<Path> logs = started.subList(Math.min(first, started.size()), started.size()).stream()
                .flatMap(stack -> stack.logFiles().stream()).distinct().toList();
        List<Pattern> expected = AnnotationSupport.findAnnotation(context.getRequiredTestClass(), SystemTest.class)
                .map(test -> Arrays.stream(test.expectedErrors()).map(Pattern::compile).toList())
                .orElse(List.of());
        assertThat(LogScan.unexpectedErrors(logs, expected))
                .as("error lines in the logs of the stacks %s started", context.getDisplayName())
                .isEmpty();
        // No secret the stacks gave out (API and agent tokens, the broker's passwords, the arrays' tokens) in any line.
        for (Stack stack : started.subList(Math.min(first, started.size()), started.size())) {
            assertThat(SecretScan.ofLogs(stack.secrets(), stack.logFiles()))
                    .as("secrets in the logs of a stack %s started", context.getDisplayName()).isEmpty();
        }
    }
}
