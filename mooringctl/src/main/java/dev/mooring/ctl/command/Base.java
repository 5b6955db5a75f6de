package dev.mooring.ctl.command;

import dev.mooring.ctl.MooringCtl;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A leaf command: reaches the run's {@link Session} through the root command. */
public abstract class Base implements Callable<Integer> {

    @Spec
    protected CommandSpec spec;

    protected Session session() {
        return ((MooringCtl) spec.root().userObject()).session();
    }
}
