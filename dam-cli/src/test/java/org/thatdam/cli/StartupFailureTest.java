package org.thatdam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way `dam serve` can fail to start is one line on stderr and exit code 1. */
class StartupFailureTest {

    @TempDir Path tmp;

    @Test
    void busyPortIsOneLineThatSaysWhatToChange() throws Exception {
        try (ServerSocket held = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = held.getLocalPort();
            CliRunner.Result r = serve("--port", Integer.toString(port));
            assertOneLine(r, 8, "dam: cannot listen on 127.0.0.1:" + port + ": the address is already in use"
                    + " (another program uses the port; choose one with --port)");
        }
    }

    @Test
    void addressOfAnotherMachineIsOneLine() {
        addAdmin();
        // TEST-NET-3 (RFC 5737): never an address of this machine
        CliRunner.Result r = serve("--host", "203.0.113.7", "--port", "0");
        assertOneLine(r, 8, "dam: cannot listen on 203.0.113.7:0: the address is not available"
                + " (it is not an address of this machine; choose one with --host)");
    }

    @Test
    void homeThatCannotBeAFolderIsOneLine() throws Exception {
        Path file = Files.writeString(tmp.resolve("not-a-folder"), "x");
        CliRunner.Result r = CliRunner.runRaw("serve", "--home", file.toString(), "--port", "0", "--no-scan", "--no-jobs");
        assertOneLine(r, 4, "dam: cannot create the library folder " + file + ": a file is in the way (" + file + ")");
    }

    @Test
    void badConfigValueIsOneLine() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Files.writeString(home.resolve("dam.toml"), "[server]\nport = \"eighty\"\n");
        CliRunner.Result r = serve();
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines()).singleElement().asString().startsWith("dam: ").contains("server.port").contains("eighty");
    }

    @Test
    void catalogThatCannotOpenIsOneLine() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Files.write(home.resolve("catalog.db"), "this is not a database, it only has the name of one".repeat(200).getBytes());
        CliRunner.Result r = serve("--port", "0");
        assertOneLine(r, 8, "dam: cannot open the catalog " + home.resolve("catalog.db")
                + ": [SQLITE_NOTADB] File opened that is not a database file (file is not a database)");
    }

    @Test
    void everyInterfaceWithoutAUserIsRefusedBeforeListening() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        for (String host : new String[] {"0.0.0.0", "::"}) {
            CliRunner.Result r = serve("--host", host, "--port", Integer.toString(port));
            assertOneLine(r, 5, "dam: refusing to serve on " + host + " while this library has no user: anyone reaching that"
                    + " address could make themselves its admin. Create the first admin with 'dam users add NAME --role admin"
                    + " --password-stdin', or serve on 127.0.0.1 and use the setup page first");
        }
        try (ServerSocket free = new ServerSocket(port)) {
            assertThat(free.getLocalPort()).as("nothing listened on the port").isEqualTo(port);
        }
        assertThat(tmp.resolve("home").resolve("server.json")).doesNotExist();
    }

    private void addAdmin() {
        CliRunner.Result r = new CliRunner(tmp.resolve("home")).runWithStdin("first admin pw\n", "users", "add", "root", "--role", "admin",
                "--password-stdin");
        assertThat(r.code()).as(r.err()).isZero();
    }

    private CliRunner.Result serve(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "serve";
        all[1] = "--no-scan";
        all[2] = "--no-jobs";
        System.arraycopy(args, 0, all, 3, args.length);
        return new CliRunner(tmp.resolve("home")).run(all);
    }

    /** One line on stderr and the exit code of the error's code (8 unavailable, 4 conflict …). */
    private static void assertOneLine(CliRunner.Result r, int code, String line) {
        assertThat(r.code()).as(r.err()).isEqualTo(code);
        assertThat(r.err().lines()).containsExactly(line);
        assertThat(r.out()).isEmpty();
    }
}
