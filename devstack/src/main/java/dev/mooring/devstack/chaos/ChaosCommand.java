package dev.mooring.devstack.chaos;

import dev.mooring.devstack.LogScan;
import dev.mooring.devstack.Stack;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code devstack/mooring chaos [--volumes N]}: starts the stack in the chaos shape, runs {@link ChaosRun}, prints one
 * line per figure and the log scan; exit 1 when something was lost, doubled or left behind, or an error was logged
 * that the faults do not explain.
 */
public final class ChaosCommand {

    private ChaosCommand() {
    }

    public static int run(Path root, List<String> args, PrintStream out) {
        ChaosRun.Plan plan = ChaosRun.Plan.defaults();
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--volumes") && i + 1 < args.size() && args.get(i + 1).matches("[1-9][0-9]{0,4}")) {
                plan = plan.volumes(Integer.parseInt(args.get(++i)));
            } else {
                out.println("chaos: unknown option " + args.get(i) + " (known: --volumes N, 1 to 99999)");
                return 2;
            }
        }
        try (Stack stack = Stack.start(ChaosRun.shape(Stack.Options.defaults(root)
                .work(root.resolve("devstack/work/chaos")).databaseSuffix("_chaos")))) {
            stack.printTable(out);
            ChaosReport report = ChaosRun.run(stack, plan, out);
            report.summary().forEach(out::println);
            List<String> errors = LogScan.unexpectedErrors(stack.logFiles(), ChaosErrors.EXPECTED);
            out.println("chaos: unexpected ERROR lines in the logs: " + errors.size());
            errors.stream().limit(20).forEach(e -> out.println("  " + e));
            List<String> problems = report.problems();
            problems.forEach(p -> out.println("chaos: PROBLEM: " + p));
            return problems.isEmpty() && errors.isEmpty() ? 0 : 1;
        }
    }
}
