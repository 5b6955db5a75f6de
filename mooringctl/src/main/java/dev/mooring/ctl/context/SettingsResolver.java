package dev.mooring.ctl.context;

import dev.mooring.ctl.api.ApiSettings;
import dev.mooring.ctl.api.ApiToken;
import dev.mooring.ctl.api.Service;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * Puts together where the services are and the token, each from the first that has it: a flag, then the environment,
 * then the context file ({@code --context}, else {@code MOORINGCTL_CONTEXT}, else {@code ~/.mooring/context.yaml} when
 * it exists). Remembers where each came from, so errors say what to fix.
 */
public final class SettingsResolver {

    public static final String CONTEXT_VARIABLE = "MOORINGCTL_CONTEXT";
    public static final String TOKEN_VARIABLE = "MOORING_API_TOKEN";
    public static final String TOKEN_FILE_VARIABLE = "MOORING_TOKEN_FILE";
    public static final String CA_VARIABLE = "MOORING_CA";

    /** What the command line gave (null: not given). */
    public record Flags(Path context, Map<Service, String> urls, Path tokenFile, Path ca) {
        public Flags {
            urls = urls == null ? Map.of() : Map.copyOf(urls);
        }

        public static Flags none() {
            return new Flags(null, Map.of(), null, null);
        }
    }

    private final Map<String, String> env;
    private final Path home;

    public SettingsResolver(Map<String, String> env, Path home) {
        this.env = env;
        this.home = home;
    }

    public ApiSettings resolve(Flags flags) {
        ContextFile context = context(flags);
        String origin = context == null ? "your settings (no context file; see mooringctl --help)" : context.describe();
        Map<Service, URI> urls = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            String flag = flags.urls().get(service);
            String variable = env.get(service.environmentVariable());
            String fromContext = context == null ? null : context.services().get(service.serviceName());
            String chosen = flag != null ? flag : present(variable) ? variable : fromContext;
            String setting = flag != null ? service.flag() : present(variable) ? service.environmentVariable()
                    : "services." + service.serviceName() + " in " + origin;
            if (chosen != null) {
                urls.put(service, url(chosen, setting));
            }
        }
        Path ca = flags.ca() != null ? flags.ca() : present(env.get(CA_VARIABLE)) ? Path.of(env.get(CA_VARIABLE))
                : context == null ? null : context.ca();
        if (ca != null && !Files.isReadable(ca)) {
            throw new ConfigException("the CA file " + ca + " (" + (flags.ca() != null ? "--ca" : present(env.get(CA_VARIABLE))
                    ? CA_VARIABLE : "ca in " + origin) + ") does not exist or cannot be read");
        }
        Token token = token(flags, context);
        return new ApiSettings(urls, token == null ? null : token.token(), ca, origin,
                token == null ? "the settings: none was given (tokenFile in a context, " + TOKEN_VARIABLE + " or --token-file)"
                        : token.origin());
    }

    private record Token(ApiToken token, String origin) {
    }

    private Token token(Flags flags, ContextFile context) {
        if (flags.tokenFile() != null) {
            return new Token(readToken(flags.tokenFile(), "--token-file"), "--token-file " + flags.tokenFile());
        }
        if (present(env.get(TOKEN_VARIABLE))) {
            return new Token(new ApiToken(env.get(TOKEN_VARIABLE)), "the environment variable " + TOKEN_VARIABLE);
        }
        if (present(env.get(TOKEN_FILE_VARIABLE))) {
            Path file = Path.of(env.get(TOKEN_FILE_VARIABLE));
            return new Token(readToken(file, TOKEN_FILE_VARIABLE), TOKEN_FILE_VARIABLE + "=" + file);
        }
        if (context != null && context.token() != null) {
            return new Token(new ApiToken(context.token()), "token of " + context.describe());
        }
        if (context != null && context.tokenFile() != null) {
            return new Token(readToken(context.tokenFile(), "tokenFile of " + context.describe()),
                    "tokenFile " + context.tokenFile() + " of " + context.describe());
        }
        return null;
    }

    private ContextFile context(Flags flags) {
        if (flags.context() != null) {
            return ContextFile.read(flags.context());
        }
        if (present(env.get(CONTEXT_VARIABLE))) {
            Path file = Path.of(env.get(CONTEXT_VARIABLE));
            if (!Files.exists(file)) {
                throw new ConfigException("context file " + file + " (" + CONTEXT_VARIABLE + ") does not exist");
            }
            return ContextFile.read(file);
        }
        Path usual = home == null ? null : home.resolve(".mooring/context.yaml");
        return usual != null && Files.exists(usual) ? ContextFile.read(usual) : null;
    }

    private static ApiToken readToken(Path file, String setting) {
        try {
            String text = Files.readString(file).strip();
            if (text.isEmpty()) {
                throw new ConfigException("the token file " + file + " (" + setting + ") is empty");
            }
            return new ApiToken(text);
        } catch (NoSuchFileException e) {
            throw new ConfigException("the token file " + file + " (" + setting + ") does not exist");
        } catch (IOException e) {
            throw new ConfigException("the token file " + file + " (" + setting + ") cannot be read: " + e.getMessage());
        }
    }

    private static URI url(String value, String setting) {
        try {
            URI uri = URI.create(value.strip());
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(setting + "=" + value + " is not a service URL (like http://127.0.0.1:8081)");
        }
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
