package dev.mooring.ctl;

import dev.mooring.ctl.api.ApiException;
import dev.mooring.ctl.api.Service;
import dev.mooring.ctl.command.ArrayCommand;
import dev.mooring.ctl.command.AttachmentCommand;
import dev.mooring.ctl.command.ClusterDomainCommand;
import dev.mooring.ctl.command.CompletionCommand;
import dev.mooring.ctl.command.DeadLettersCommand;
import dev.mooring.ctl.command.FailbackCommand;
import dev.mooring.ctl.command.FailoverCommand;
import dev.mooring.ctl.command.NodeCommand;
import dev.mooring.ctl.command.PoolCommand;
import dev.mooring.ctl.command.Session;
import dev.mooring.ctl.command.StatusCommand;
import dev.mooring.ctl.command.TakeoverCommand;
import dev.mooring.ctl.command.TopologyCommand;
import dev.mooring.ctl.command.VolumeCommand;
import dev.mooring.ctl.context.ConfigException;
import dev.mooring.ctl.context.SettingsResolver;
import dev.mooring.ctl.output.Format;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

/** {@code mooringctl}: the operator's command line for Mooring. */
@Command(name = "mooringctl", mixinStandardHelpOptions = true, version = "mooringctl 0.1.0",
        description = "The operator's view of Mooring: arrays, volumes, nodes, pools, attachments, takeovers, topology,"
                + " cluster domains with failover and failback, and dead letters, over the services' REST APIs.",
        subcommands = {StatusCommand.class, ArrayCommand.class, VolumeCommand.class, NodeCommand.class, PoolCommand.class,
                AttachmentCommand.class, TakeoverCommand.class, TopologyCommand.class, ClusterDomainCommand.class,
                FailoverCommand.class, FailbackCommand.class, DeadLettersCommand.class, CompletionCommand.class,
                CommandLine.HelpCommand.class},
        footerHeading = "%nSettings%n",
        footer = {"Each from the first that has it: a flag, the environment, the context file.",
                "  context file  --context, MOORINGCTL_CONTEXT, else ~/.mooring/context.yaml (devstack/mooring up writes"
                        + " devstack/work/mooringctl.yaml)",
                "  service URLs  --provisioner-url, --attach-url, --health-url, --topology-url;"
                        + " MOORING_PROVISIONER_SVC, MOORING_ATTACH_SVC, MOORING_HEALTH_SVC, MOORING_TOPOLOGY_SVC;"
                        + " services: in the context",
                "  API token     --token-file; MOORING_API_TOKEN or MOORING_TOKEN_FILE; token or tokenFile in the context",
                "  CA (HTTPS)    --ca; MOORING_CA; ca in the context",
                "%nExit codes: 0 done, 1 failed (refused, or --wait saw it fail), 2 usage or settings, 3 unreachable or"
                        + " token refused, 4 not found, 5 --wait timed out."})
public final class MooringCtl implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--context", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "The context file: the services' URLs, the token file, the CA.")
    Path context;

    @Option(names = "--provisioner-url", scope = ScopeType.INHERIT, paramLabel = "URL", description = "provisioner-svc")
    String provisionerUrl;

    @Option(names = "--attach-url", scope = ScopeType.INHERIT, paramLabel = "URL", description = "attach-svc")
    String attachUrl;

    @Option(names = "--health-url", scope = ScopeType.INHERIT, paramLabel = "URL", description = "health-svc")
    String healthUrl;

    @Option(names = "--topology-url", scope = ScopeType.INHERIT, paramLabel = "URL", description = "topology-svc")
    String topologyUrl;

    @Option(names = "--token-file", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "A file holding the API token (never give the token itself on the command line).")
    Path tokenFile;

    @Option(names = "--ca", scope = ScopeType.INHERIT, paramLabel = "PEM", description = "The CA of the services' certificates.")
    Path ca;

    @Option(names = {"-o", "--output"}, scope = ScopeType.INHERIT, paramLabel = "FORMAT",
            description = "table (default), json or yaml.")
    Format output;

    private final Session session;

    MooringCtl(Session session) {
        this.session = session;
    }

    public Session session() {
        return session;
    }

    @Override
    public void run() {
        spec.commandLine().usage(session.out());
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(args, System.getenv(), Path.of(System.getProperty("user.home")), out, err, Clock.systemUTC()));
    }

    /** Runs one command line; returns the exit code. Output goes to {@code out}, reasons and progress to {@code err}. */
    public static int run(String[] args, Map<String, String> env, Path home, PrintWriter out, PrintWriter err, Clock clock) {
        Session session = new Session(env, home, out, err, clock);
        MooringCtl root = new MooringCtl(session);
        CommandLine commandLine = new CommandLine(root).setOut(out).setErr(err).setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExecutionStrategy(parsed -> {
            configure(session, parsed);
            return new CommandLine.RunLast().execute(parsed);
        });
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> failure(err, e));
        commandLine.setParameterExceptionHandler((e, args2) -> {
            err.println("mooringctl: " + e.getMessage());
            err.println("  (see " + e.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
            err.flush();
            return ExitCodes.USAGE;
        });
        int code = commandLine.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** The global options, wherever on the line they were given (before or after the subcommand). */
    private static void configure(Session session, ParseResult parsed) {
        Map<Service, String> urls = new EnumMap<>(Service.class);
        Path context = null;
        Path tokenFile = null;
        Path ca = null;
        Format format = Format.table;
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            for (Service s : Service.values()) {
                if (p.hasMatchedOption(s.flag())) {
                    urls.put(s, p.matchedOptionValue(s.flag(), (String) null));
                }
            }
            context = p.hasMatchedOption("--context") ? p.matchedOptionValue("--context", (Path) null) : context;
            tokenFile = p.hasMatchedOption("--token-file") ? p.matchedOptionValue("--token-file", (Path) null) : tokenFile;
            ca = p.hasMatchedOption("--ca") ? p.matchedOptionValue("--ca", (Path) null) : ca;
            format = p.hasMatchedOption("--output") ? p.matchedOptionValue("--output", Format.table) : format;
        }
        session.configure(new SettingsResolver.Flags(context, urls, tokenFile, ca), format);
    }

    private static int failure(PrintWriter err, Exception e) {
        int code;
        if (e instanceof CommandLine.ParameterException usage) {
            err.println("mooringctl: " + usage.getMessage());
            err.println("  (see " + usage.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
            err.flush();
            return ExitCodes.USAGE;
        }
        if (e instanceof ApiException api) {
            code = ExitCodes.of(api);
        } else if (e instanceof CtlException ctl) {
            code = ctl.exitCode();
        } else if (e instanceof ConfigException || e instanceof IllegalStateException && e.getMessage() != null
                && e.getMessage().startsWith("ca=")) {
            code = ExitCodes.USAGE;
        } else {
            code = ExitCodes.FAILED;
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        err.println("mooringctl: " + message.lines().findFirst().orElse(message));
        err.flush();
        return code;
    }
}
