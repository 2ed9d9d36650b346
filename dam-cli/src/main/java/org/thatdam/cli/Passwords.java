package org.thatdam.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.thatdam.model.DamException;

/** A password from standard input (scripts) or typed at the terminal without echo. */
final class Passwords {

    /** More than any password we accept: a larger input is refused before it is all read. */
    private static final int MAX_BYTES = 4096;

    private Passwords() {}

    static String read(boolean fromStdin) {
        if (fromStdin) return fromStdin(System.in);
        java.io.Console console = System.console();
        if (console == null) throw DamException.invalid("no terminal to type a password: give it on stdin with --password-stdin");
        char[] first = console.readPassword("password: ");
        char[] again = console.readPassword("again: ");
        try {
            if (first == null || again == null || !Arrays.equals(first, again)) throw DamException.invalid("the passwords differ");
            return new String(first);
        } finally {
            if (first != null) Arrays.fill(first, '\0');
            if (again != null) Arrays.fill(again, '\0');
        }
    }

    /** The first line of {@code in} (its line ending removed), strict UTF-8. */
    static String fromStdin(InputStream in) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                if (buf.size() >= MAX_BYTES) throw DamException.invalid("the password on stdin is too long");
                buf.write(b);
            }
        } catch (IOException e) {
            throw DamException.invalid("cannot read the password from stdin: " + e.getMessage());
        }
        byte[] bytes = buf.toByteArray();
        int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, n)).toString();
        } catch (CharacterCodingException e) {
            throw DamException.invalid("the password on stdin is not UTF-8 text");
        }
    }
}
