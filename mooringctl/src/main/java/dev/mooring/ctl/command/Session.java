package dev.mooring.ctl.command;

import dev.mooring.ctl.api.MooringApi;
import dev.mooring.ctl.api.MooringClient;
import dev.mooring.ctl.context.SettingsResolver;
import dev.mooring.ctl.output.Format;
import dev.mooring.ctl.output.Printer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * What one run of mooringctl works with: the environment, the streams, the clock, and — made on first use from the
 * flags, the environment and the context — the API.
 */
public final class Session {

    private final Map<String, String> env;
    private final Path home;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Clock clock;
    private SettingsResolver.Flags flags = SettingsResolver.Flags.none();
    private Format format = Format.table;
    private MooringApi api;

    public Session(Map<String, String> env, Path home, PrintWriter out, PrintWriter err, Clock clock) {
        this.env = env;
        this.home = home;
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    /** Set by the root command once the command line is parsed. */
    public void configure(SettingsResolver.Flags flags, Format format) {
        this.flags = flags;
        this.format = format;
    }

    public MooringApi api() {
        if (api == null) {
            api = new MooringApi(new MooringClient(new SettingsResolver(env, home).resolve(flags)));
        }
        return api;
    }

    public Printer printer() {
        return new Printer(format, out);
    }

    public Format format() {
        return format;
    }

    public PrintWriter out() {
        return out;
    }

    /** Progress lines of {@code --wait} and {@code --watch} go here, so stdout stays the answer. */
    public PrintWriter err() {
        return err;
    }

    public Clock clock() {
        return clock;
    }
}
