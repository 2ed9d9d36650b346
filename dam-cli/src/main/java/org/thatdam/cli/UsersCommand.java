package org.thatdam.cli;

import java.util.List;
import org.thatdam.core.Dam;
import org.thatdam.model.Principal;
import org.thatdam.model.Role;
import org.thatdam.model.User;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import org.thatdam.cli.format.Units;

@Command(name = "users", description = "Accounts and their roles (viewer, editor, admin).",
        subcommands = {UsersCommand.ListUsers.class, UsersCommand.AddUser.class, UsersCommand.RemoveUser.class,
                UsersCommand.Passwd.class, UsersCommand.SetRole.class})
final class UsersCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", description = "All users with their roles.")
    static final class ListUsers extends DamCommand {
        @Option(names = "--json") boolean json;

        @Override
        int run(Dam dam) {
            List<User> users = dam.users().list();
            if (json) Output.json(out(), users);
            else Output.table(out(), List.of("user", "role", "created", "updated"), users.stream()
                    .map(u -> List.of(u.name(), u.role().id(), u.createdAt().toString(), u.updatedAt().toString())).toList());
            return 0;
        }
    }

    @Command(name = "add", description = "Create a user. The first user of a library is its first admin.")
    static final class AddUser extends DamCommand {
        @Parameters(paramLabel = "NAME") String name;
        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "viewer, editor or admin")
        String role;
        @Option(names = "--password-stdin", description = "Read the password from the first line of stdin (else it is asked for).")
        boolean stdin;
        @Option(names = "--json") boolean json;

        @Override
        int run(Dam dam) {
            Role r = Role.parse(role);
            User u = dam.users().add(name, r, Passwords.read(stdin), Principal.commandLine(), null);
            if (json) Output.json(out(), u);
            else out().printf("added user '%s' (%s)%n", u.name(), u.role().id());
            return 0;
        }
    }

    @Command(name = "remove", description = "Delete a user with their sessions and API keys (never the last admin).")
    static final class RemoveUser extends DamCommand {
        @Parameters(paramLabel = "NAME") String name;

        @Override
        int run(Dam dam) {
            dam.users().remove(name, Principal.commandLine(), null);
            out().printf("removed user '%s'%n", Units.clean(name));
            return 0;
        }
    }

    @Command(name = "passwd", description = "Set a user's password; their sessions end.")
    static final class Passwd extends DamCommand {
        @Parameters(paramLabel = "NAME") String name;
        @Option(names = "--password-stdin", description = "Read the password from the first line of stdin (else it is asked for).")
        boolean stdin;

        @Override
        int run(Dam dam) {
            dam.users().passwd(name, Passwords.read(stdin), Principal.commandLine(), null);
            out().printf("password of '%s' changed; their sessions have ended%n", Units.clean(name));
            return 0;
        }
    }

    @Command(name = "role", description = "Change a user's role (the last admin stays admin).")
    static final class SetRole extends DamCommand {
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Parameters(index = "1", paramLabel = "ROLE", description = "viewer, editor or admin") String role;

        @Override
        int run(Dam dam) {
            User u = dam.users().role(name, Role.parse(role), Principal.commandLine(), null);
            out().printf("'%s' is now %s%n", u.name(), u.role().id());
            return 0;
        }
    }
}
