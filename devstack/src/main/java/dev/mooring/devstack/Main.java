package dev.mooring.devstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code devstack/mooring up | demo [--keep] | bench --volumes N --concurrency C [--poll-ms P]}: the entry point.
 * The {@code mooring} script builds what is missing and then runs this class.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        List<String> rest = new ArrayList<>(List.of(args));
        String command = rest.isEmpty() ? "help" : rest.remove(0);
        Path root = Stack.findRoot();
        int code;
        switch (command) {
            case "up" -> code = up(root, rest);
            case "demo" -> code = Demo.run(root, rest);
            case "bench" -> code = Bench.run(root, rest);
            case "bench-takeover" -> code = TakeoverBench.run(root, rest);
            case "help", "-h", "--help" -> {
                usage();
                code = 0;
            }
            default -> {
                System.err.println("Unknown command: " + command);
                usage();
                code = 2;
            }
        }
        System.exit(code);
    }

    static void usage() {
        System.out.println("""
                Usage: devstack/mooring <command>

                  up                                  start the whole system here; Ctrl-C stops it
                  demo [--keep]                       start it, provision and delete a volume step by step, stop
                                                      (--keep: leave the stack running afterwards)
                  bench --volumes N --concurrency C   provision N volumes through the REST API, C at a time,
                        [--poll-ms P] [--size 1Gi]    then the same N directly on the simulator; report figures
                        [--set svc:key=value] [--keep]  (--set: a -D setting for one service, repeatable)
                  bench-takeover [--drives 1,10,50]   time takeovers of nodes with 1, 10, 50 drives, a recovery,
                        [--lease-nodes 10000]         and health-svc's CPU while 10,000 Leases renew every 10 s
                        [--renew-every 10] [--cpu-window 60]
                """);
    }

    private static int up(Path root, List<String> args) throws InterruptedException {
        if (!args.isEmpty()) {
            System.err.println("up takes no options: " + args);
            return 2;
        }
        Stack stack = Stack.start(Stack.Options.defaults(root));
        stack.printTable(System.out);
        System.out.println("The stack is up. Press Ctrl-C to stop it.");
        watchUntilStopped(stack);
        return 0;
    }

    /** Blocks until Ctrl-C (the shutdown hook stops the stack), telling when a process dies on its own. */
    static void watchUntilStopped(Stack stack) throws InterruptedException {
        CountDownLatch never = new CountDownLatch(1);
        List<String> reported = new ArrayList<>();
        while (!never.await(Duration.ofSeconds(2).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            for (ChildProcess p : stack.exitedUnexpectedly()) {
                if (!reported.contains(p.name())) {
                    reported.add(p.name());
                    System.out.println("devstack: " + p.name() + " exited on its own (code " + p.exitCode().orElse(-1)
                            + "); see " + p.log());
                }
            }
        }
    }
}
