package org.thatdam.catalog.sql;

import java.sql.Types;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;

/**
 * Strings bound for PostgreSQL, whose text cannot hold U+0000 (SQLite's can): a NUL that came in with
 * outside data (a file's metadata, a probe's output) is stored as U+FFFD, so the write goes through
 * instead of failing the whole transaction. Paths never hold one (file names cannot).
 */
final class PostgresText extends AbstractArgumentFactory<String> {

    PostgresText() {
        super(Types.VARCHAR);
    }

    @Override
    protected Argument build(String value, ConfigRegistry config) {
        String text = value.indexOf('\0') < 0 ? value : value.replace('\0', '\uFFFD');
        return (position, statement, ctx) -> statement.setString(position, text);
    }
}
