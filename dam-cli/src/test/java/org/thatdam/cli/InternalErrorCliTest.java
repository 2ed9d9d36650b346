package org.thatdam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A failure nobody foresaw (a bug) reaches the user as one generic line, never the JDK's words. */
class InternalErrorCliTest {

    @CommandLine.Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new java.util.NoSuchElementException("No value present in /secret/place");
        }
    }

    @Test
    void aBugPrintsOneGenericLineAndExits70() {
        CommandLine cl = Main.commandLine();
        cl.addSubcommand("boom", new Boom());
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute("boom");
        assertThat(code).isEqualTo(ExitCodes.INTERNAL);
        assertThat(err.toString().strip()).doesNotContain("\n").startsWith("dam: internal error; details in ")
                .endsWith(", or run again with --verbose")
                .doesNotContain("NoSuchElementException").doesNotContain("/secret/place");
    }
}
