package dev.mooring.ctl.command;

import dev.mooring.ctl.ExitCodes;
import picocli.AutoComplete;
import picocli.CommandLine.Command;

/** {@code mooringctl completion}: the bash/zsh completion script. */
@Command(mixinStandardHelpOptions = true, name = "completion", description = "Print the shell completion script (bash and zsh):"
        + " source <(mooringctl completion)")
public final class CompletionCommand extends Base {

    @Override
    public Integer call() {
        session().out().print(AutoComplete.bash("mooringctl", spec.root().commandLine()));
        session().out().flush();
        return ExitCodes.OK;
    }
}
