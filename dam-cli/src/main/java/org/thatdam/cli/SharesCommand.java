package org.thatdam.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.thatdam.core.Dam;
import org.thatdam.core.access.Ages;
import org.thatdam.core.access.ShareService;
import org.thatdam.model.DamException;
import org.thatdam.model.Principal;
import org.thatdam.model.ShareLink;
import org.thatdam.server.api.ShareCreated;
import org.thatdam.server.api.ShareView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import org.thatdam.cli.format.Units;

@Command(name = "shares", description = "Read-only links to one asset or one batch, opened without an account.",
        subcommands = {SharesCommand.Create.class, SharesCommand.ListShares.class, SharesCommand.Revoke.class})
final class SharesCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static ShareView view(ShareLink link, Instant now) {
        return ShareView.of(link, ShareService.PAGE + link.token(), now);
    }

    @Command(name = "create", description = "Share an asset (--asset) or a batch (--batch) and print its link.")
    static final class Create extends DamCommand {
        @Option(names = "--asset", paramLabel = "ID") Long asset;
        @Option(names = "--batch", paramLabel = "NAME") String batch;
        @Option(names = "--expires", paramLabel = "AGE", description = "e.g. 7d, 12h, 2w (default: never)") String expires;
        @Option(names = "--password-stdin", description = "Protect the link with a password read from the first line of stdin.")
        boolean stdin;
        @Option(names = "--json") boolean json;

        @Override
        int run(Dam dam) {
            if ((asset == null) == (batch == null)) throw DamException.invalid("give either --asset ID or --batch NAME");
            Duration ttl = expires == null ? null : Ages.duration(expires);
            String password = stdin ? Passwords.read(true) : null;
            ShareLink link = dam.shares().create(asset, batch, ttl, password, Principal.commandLine(), null);
            ShareView v = view(link, dam.clock().instant());
            if (json) {
                Output.json(out(), new ShareCreated(v, v.url()));
            } else {
                out().printf("share link %d for %s%s%s; open it at your server's address followed by:%n%s%n", link.id(),
                        link.assetId() != null ? "asset " + link.assetId() : "batch '" + link.batch() + "'",
                        link.expiresAt() == null ? "" : ", expires " + link.expiresAt(), link.hasPassword() ? ", with a password" : "",
                        v.url());
            }
            return 0;
        }
    }

    @Command(name = "list", description = "Links, newest first, live or not.")
    static final class ListShares extends DamCommand {
        @Option(names = "--limit", defaultValue = "100", description = "at most this many (1 to 1000; default 100)") int limit;
        @Option(names = "--offset", defaultValue = "0", description = "skip this many of the newest") int offset;
        @Option(names = "--json") boolean json;

        @Override
        int run(Dam dam) {
            Instant now = dam.clock().instant();
            List<ShareView> links = dam.shares().list(Principal.commandLine(), limit, offset).stream().map(l -> view(l, now)).toList();
            if (json) {
                Output.json(out(), links);
                return 0;
            }
            Output.table(out(), List.of("id", "shares", "by", "created", "expires", "password", "state", "link"),
                    links.stream().map(l -> List.of(l.id() + "",
                            l.assetId() != null ? "asset " + l.assetId() + " " + Units.clean(Output.str(l.assetTitle()))
                                    : "batch " + Units.clean(l.batch()),
                            Units.clean(Output.str(l.createdBy())), l.createdAt().toString(), Output.str(l.expiresAt()),
                            l.password() ? "yes" : "no", l.revokedAt() != null ? "revoked" : l.live() ? "live" : "expired", l.url()))
                            .toList());
            return 0;
        }
    }

    @Command(name = "revoke", description = "Revoke a link: it stops opening at once.")
    static final class Revoke extends DamCommand {
        @Parameters(paramLabel = "ID") long id;

        @Override
        int run(Dam dam) {
            ShareLink l = dam.shares().revoke(id, Principal.commandLine(), null);
            out().printf("revoked share link %d (%s)%n", l.id(), l.assetId() != null ? "asset " + l.assetId() : "batch '" + l.batch() + "'");
            return 0;
        }
    }
}
