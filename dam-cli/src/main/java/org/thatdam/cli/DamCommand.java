package org.thatdam.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.thatdam.core.Dam;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that works on the library: opens it, runs, closes it. */
abstract class DamCommand implements Callable<Integer> {

    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    @Override
    public Integer call() throws Exception {
        try (Dam dam = CliContext.open(GlobalOptions.effective(spec.commandLine()))) {
            int code = run(dam);
            out().flush();
            return code;
        }
    }

    abstract int run(Dam dam) throws Exception;
}
