package dev.mooring.devstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code devstack/mooring up [--containers] [--instances N] | images | demo [--keep] | bench … | bench-takeover … | bench-publish … | bench-images …
 * | chaos …}:
 * the entry point (see {@link #usage}).
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
            case "images" -> code = images(root, rest);
            case "demo" -> code = Demo.run(root, rest);
            case "bench" -> code = Bench.run(root, rest);
            case "bench-takeover" -> code = TakeoverBench.run(root, rest);
            case "bench-publish" -> code = PublishBench.run(root, rest);
            case "bench-images" -> code = ImageBench.run(root, rest);
            case "chaos" -> code = dev.mooring.devstack.chaos.ChaosCommand.run(root, rest, System.out);
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

                  up [--containers]                   start the whole system here; Ctrl-C stops it
                                                      (--containers: the services and the simulator from their images)
                  images [--rebuild-base]             OCI images of the services, the simulator and the node agent (podman)
                         [--check-modules]            (--check-modules: compare the base's Java modules with jdeps)
                  demo [--keep]                       start it, provision and delete a volume step by step, stop
                                                      (--keep: leave the stack running afterwards)
                  bench --volumes N --concurrency C   provision N volumes through the REST API, C at a time,
                        [--poll-ms P] [--size 1Gi]    then the same N directly on the simulator; report figures
                        [--set svc:key=value] [--keep]  (--set: a -D setting for one service, repeatable)
                        [--kafka-security compare]      first on a plaintext broker (baseline), then secured
                  bench-takeover [--drives 1,10,50]   time takeovers of nodes with 1, 10, 50 drives, a recovery,
                        [--lease-nodes 10000]         and health-svc's CPU while 10,000 Leases renew every 10 s
                        [--renew-every 10] [--cpu-window 60]
                  bench-publish [--volumes 20]        VolumeAttachment to published path through the node agent, volume
                        [--fs ext4|xfs]               after volume, beside the same work without Mooring (root)
                  chaos [--volumes 1000]              two instances of everything, 1,000 volume requests with attaches
                                                      while each process is killed, arrays fail 10 %, nodes flap;
                                                      prints what was lost, doubled or orphaned (all must be 0)
                  bench-images [--runs 3] [--idle 60]  the images' sizes, build times, start to live and ready, memory
                        [--rebuild-base] [--processes]  idle (--processes: the same as JVM processes, to compare)
                """);
    }

    private static int images(Path root, List<String> args) {
        boolean rebuildBase = false;
        boolean checkModules = false;
        for (String arg : args) {
            switch (arg) {
                case "--rebuild-base" -> rebuildBase = true;
                case "--check-modules" -> checkModules = true;
                default -> {
                    System.err.println("images: unknown option " + arg + " (known: --rebuild-base, --check-modules)");
                    return 2;
                }
            }
        }
        Images images = new Images(root);
        if (checkModules) {
            return new ModuleCheck(root, images.base()).run(System.out) ? 0 : 1;
        }
        images.buildAll(rebuildBase, System.out);
        return 0;
    }

    private static int up(Path root, List<String> args) throws InterruptedException {
        // A node agent for the demo's node, as the DaemonSet runs one per node (when root: loop devices, mounts).
        Stack.Options options = Stack.Options.defaults(root).nodeAgents(KubernetesDemo.NODE);
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--containers")) {
                options = options.inContainers();
            } else if (arg.equals("--instances") && i + 1 < args.size() && args.get(i + 1).matches("[1-4]")) {
                options = options.instances(Integer.parseInt(args.get(++i)));
            } else {
                System.err.println("up: unknown option " + arg + " (known: --containers, --instances 1-4)");
                return 2;
            }
        }
        if (options.containers()) {
            // Images older than their quarkus-app are built again; the others are taken as they are.
            new Images(root).buildAll(false, false, System.out);
        }
        Stack stack = Stack.start(options);
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
