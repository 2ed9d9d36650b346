package org.thatdam.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.thatdam.core.Dam;
import org.thatdam.core.access.Ages;
import org.thatdam.core.access.ApiKeyService;
import org.thatdam.model.ApiKey;
import org.thatdam.model.Principal;
import org.thatdam.model.Role;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import org.thatdam.cli.format.Units;

@Command(name = "apikeys", description = "API keys for scripts and other systems (sent as 'Authorization: Bearer KEY').",
        subcommands = {ApiKeysCommand.Create.class, ApiKeysCommand.ListKeys.class, ApiKeysCommand.Revoke.class})
final class ApiKeysCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** What {@code create --json} prints: the key appears here once and is never shown again. */
    record Created(long id, String key, String user, Role role, Instant expiresAt) {}

    @Command(name = "create", description = "Create a key and print it once (it is stored only as a hash).")
    static final class Create extends DamCommand {
        @Option(names = "--user", required = true, paramLabel = "NAME") String user;
        @Option(names = "--role", paramLabel = "ROLE", description = "viewer, editor or admin; never more than the user's (default: the user's role)")
        String role;
        @Option(names = "--expires", paramLabel = "AGE", description = "e.g. 90d, 12h, 2w (default: never)") String expires;
        @Option(names = "--name", paramLabel = "TEXT", description = "what the key is for, shown in lists") String name;
        @Option(names = "--json") boolean json;

        @Override
        int run(Dam dam) {
            Role r = role == null ? null : Role.parse(role);
            Duration ttl = expires == null ? null : Ages.duration(expires);
            ApiKeyService.NewApiKey k = dam.apiKeys().create(user, name, r, ttl, Principal.commandLine(), null);
            if (json) {
                Output.json(out(), new Created(k.key().id(), k.secret(), k.key().userName(), k.key().role(), k.key().expiresAt()));
            } else {
                out().printf("API key %d for '%s' (%s%s); it is shown only now:%n%s%n", k.key().id(), k.key().userName(),
                        k.key().role().id(), k.key().expiresAt() == null ? "" : ", expires " + k.key().expiresAt(), k.secret());
            }
            return 0;
        }
    }

    @Command(name = "list", description = "Keys (of one user with --user), with when each was last used.")
    static final class ListKeys extends DamCommand {
        @Option(names = "--user", paramLabel = "NAME") String user;
        @Option(names = "--json") boolean json;

        @Override
        int run(Dam dam) {
            List<ApiKey> keys = dam.apiKeys().list(user, Principal.commandLine());
            if (json) {
                Output.json(out(), keys);
                return 0;
            }
            Output.table(out(), List.of("id", "user", "name", "key", "role", "created", "expires", "last used", "state"),
                    keys.stream().map(k -> List.of(k.id() + "", k.userName(), Units.clean(k.name()), k.prefix() + "…",
                            k.role().id(), k.createdAt().toString(), Output.str(k.expiresAt()), Output.str(k.lastUsedAt()),
                            k.revokedAt() != null ? "revoked" : k.usableAt(dam.clock().instant()) ? "active" : "expired"))
                            .toList());
            return 0;
        }
    }

    @Command(name = "revoke", description = "Revoke a key at once.")
    static final class Revoke extends DamCommand {
        @Parameters(paramLabel = "ID") long id;

        @Override
        int run(Dam dam) {
            ApiKey k = dam.apiKeys().revoke(id, Principal.commandLine(), null);
            out().printf("revoked API key %d (%s…) of '%s'%n", k.id(), k.prefix(), k.userName());
            return 0;
        }
    }
}
