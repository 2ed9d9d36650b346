package org.thatdam.cli;

import java.time.Instant;
import java.util.List;
import org.thatdam.core.Dam;
import org.thatdam.core.access.Ages;
import org.thatdam.model.AuditEntry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "audit", description = "Who did what and when: logins, user and key changes, … (newest first).")
final class AuditCommand extends DamCommand {
    @Option(names = "--user", paramLabel = "NAME", description = "only what this user did") String user;
    @Option(names = "--since", paramLabel = "WHEN", description = "a time (2026-01-31, 2026-01-31T08:00:00Z) or an age (7d, 12h)")
    String since;
    @Option(names = "--limit", defaultValue = "1000") int limit;
    @Option(names = "--json") boolean json;

    @Override
    int run(Dam dam) {
        Instant from = since == null ? null : Ages.since(since, dam.clock().instant());
        List<AuditEntry> entries = dam.audit().query(user, from, limit);
        if (json) {
            Output.json(out(), entries);
            return 0;
        }
        Output.table(out(), List.of("time", "user", "action", "target", "detail", "address"), entries.stream()
                .map(e -> List.of(e.at().toString(), who(e), e.action(),
                        shown(e.target()), shown(e.detail()), shown(e.address())))
                .toList());
        return 0;
    }

    /** What strangers may have written (a failed login's name) shows no control, direction or invisible characters. */
    private static String shown(String s) {
        return org.thatdam.core.text.TextRules.sanitize(Output.str(s), Integer.MAX_VALUE);
    }

    /** Entries without a user come from the command line (no address) or from someone unknown on the network. */
    private static String who(AuditEntry e) {
        if (e.user() != null) return e.user();
        return e.address() == null ? "(command line)" : "(anonymous)";
    }
}
