package org.thatdam.storage.mhl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.XMLStreamWriter;
import org.thatdam.model.DamException;

/**
 * The XML plumbing shared by hash lists and the chain. Reading refuses any DTD: an .mhl never has
 * one, and a manifest found on a card is input like any other (entity bombs, external entities).
 */
final class MhlXml {

    static final String NS = "urn:ASC:MHL:v2.0";
    static final String DIRECTORY_NS = "urn:ASC:MHL:DIRECTORY:v2.0";
    /** The longest text value (a path, a hash, a comment) read from a file; nothing legitimate comes near it. */
    static final int MAX_TEXT = 64 * 1024;
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx").withZone(ZoneOffset.UTC);
    private static final XMLInputFactory IN = inputFactory();
    private static final XMLOutputFactory OUT = XMLOutputFactory.newFactory();

    private MhlXml() {}

    private static XMLInputFactory inputFactory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        // Not coalescing: a long text arrives in pieces, so text() can refuse it before it is all in memory.
        f.setProperty(XMLInputFactory.IS_COALESCING, false);
        return f;
    }

    /** What a reader does with a parsed file; may throw {@link XMLStreamException} for a malformed one. */
    @FunctionalInterface
    interface Body<T> {
        T read(XMLStreamReader r) throws XMLStreamException;
    }

    /** A file that is well-formed but beyond what this reader takes in. */
    static final class TooLarge extends XMLStreamException {
        TooLarge(String message) {
            super(message);
        }
    }

    /**
     * Reads {@code file} positioned on its root element, checking the root's name and namespace.
     * A file larger than {@code maxBytes} is refused unread: a hash list is read whole into memory.
     */
    static <T> T read(Path file, long maxBytes, String ns, String rootName, Body<T> body) {
        String shown = file.getParent().getFileName() + "/" + file.getFileName();
        try (InputStream in = Files.newInputStream(file)) {
            long size = Files.size(file);
            if (size > maxBytes) {
                throw DamException.invalid(shown + " is refused: it is " + mib(size) + ", more than the " + mib(maxBytes)
                        + " such a file may be here");
            }
            XMLStreamReader r = IN.createXMLStreamReader(in);
            try {
                while (true) {
                    int e = r.next();
                    if (e == XMLStreamConstants.DTD || e == XMLStreamConstants.ENTITY_REFERENCE) {
                        throw DamException.invalid(shown + " is refused: it declares a DTD or entities, which an ASC MHL file never does");
                    }
                    if (e == XMLStreamConstants.START_ELEMENT) break;
                }
                if (!rootName.equals(r.getLocalName()) || !ns.equals(r.getNamespaceURI())) {
                    throw DamException.invalid(shown + " is not an ASC MHL v2 file: its root is <" + r.getLocalName()
                            + "> in namespace '" + (r.getNamespaceURI() == null ? "" : r.getNamespaceURI()) + "'");
                }
                return body.read(r);
            } finally {
                r.close();
            }
        } catch (TooLarge e) {
            throw DamException.invalid(shown + " is refused: " + e.getMessage());
        } catch (XMLStreamException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNumber() + ")";
            throw DamException.invalid(shown + " is not well-formed ASC MHL XML" + where + ": " + reason(e));
        } catch (IOException e) {
            throw org.thatdam.storage.IoErrors.failure("cannot read " + file, e);
        }
    }

    /** The parser's own words without its "ParseError at [row,col]:" prefix and Java class names. */
    private static String reason(XMLStreamException e) {
        String m = e.getMessage() == null ? "unreadable" : e.getMessage();
        int i = m.indexOf("Message: ");
        return (i >= 0 ? m.substring(i + 9) : m).strip();
    }

    /** Skips the element the reader is on, with everything inside it. */
    static void skip(XMLStreamReader r) throws XMLStreamException {
        int depth = 1;
        while (depth > 0) {
            int e = r.next();
            if (e == XMLStreamConstants.START_ELEMENT) depth++;
            else if (e == XMLStreamConstants.END_ELEMENT) depth--;
            else if (e == XMLStreamConstants.ENTITY_REFERENCE) throw DamException.invalid("an ASC MHL file never refers to entities");
        }
    }

    /** Moves to the next child element of the current one; false at the parent's end. */
    static boolean nextChild(XMLStreamReader r) throws XMLStreamException {
        return r.nextTag() == XMLStreamConstants.START_ELEMENT;
    }

    /** The text of the element the reader is on (which must hold only text), at most {@link #MAX_TEXT} characters. */
    static String text(XMLStreamReader r) throws XMLStreamException {
        String name = r.getLocalName();
        StringBuilder b = new StringBuilder();
        while (true) {
            switch (r.next()) {
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    if (b.length() + r.getTextLength() > MAX_TEXT) {
                        throw new TooLarge("the text of <" + name + "> near line " + r.getLocation().getLineNumber()
                                + " is longer than " + MAX_TEXT / 1024 + " KiB");
                    }
                    b.append(r.getTextCharacters(), r.getTextStart(), r.getTextLength());
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    return b.toString().strip();
                }
                case XMLStreamConstants.START_ELEMENT -> throw new XMLStreamException("<" + r.getLocalName()
                        + "> where only text may be", r.getLocation());
                case XMLStreamConstants.ENTITY_REFERENCE -> throw DamException.invalid("an ASC MHL file never refers to entities");
                default -> { } // comments and processing instructions
            }
        }
    }

    /** A size in MiB for messages ("300 MiB"), rounded up so a limit is never shown as its excess. */
    static String mib(long bytes) {
        return (bytes + (1 << 20) - 1 >> 20) + " MiB";
    }

    static Instant date(String value, String what) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                throw DamException.invalid(what + " '" + clip(value) + "' is not an xs:dateTime");
            }
        }
    }

    static String date(Instant t) {
        return DATE.format(t);
    }

    static String clip(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    /** Writes an indented document; XMLStreamWriter knows no indentation, so {@link Out} adds it. */
    static void write(OutputStream out, WriterBody body) throws IOException {
        try {
            XMLStreamWriter w = OUT.createXMLStreamWriter(out, "UTF-8");
            w.writeStartDocument("UTF-8", "1.0");
            body.write(new Out(w));
            w.writeCharacters("\n");
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IOException("cannot write XML: " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    interface WriterBody {
        void write(Out out) throws XMLStreamException;
    }

    /** A writer that indents by two spaces per level, as the reference tool's files are. */
    static final class Out {
        private final XMLStreamWriter w;
        private int depth;

        Out(XMLStreamWriter w) {
            this.w = w;
        }

        Out open(String name, String... attributes) throws XMLStreamException {
            indent();
            w.writeStartElement(name);
            attributes(attributes);
            depth++;
            return this;
        }

        void root(String name, String ns, String... attributes) throws XMLStreamException {
            w.writeCharacters("\n");
            w.writeStartElement(name);
            attributes(attributes);
            w.writeDefaultNamespace(ns);
            depth++;
        }

        void close() throws XMLStreamException {
            depth--;
            indent();
            w.writeEndElement();
        }

        /** An element holding text; a null attribute value leaves the attribute out. */
        void leaf(String name, String text, String... attributes) throws XMLStreamException {
            indent();
            w.writeStartElement(name);
            attributes(attributes);
            w.writeCharacters(text);
            w.writeEndElement();
        }

        private void attributes(String[] nameValues) throws XMLStreamException {
            for (int i = 0; i < nameValues.length; i += 2) {
                if (nameValues[i + 1] != null) w.writeAttribute(nameValues[i], nameValues[i + 1]);
            }
        }

        private void indent() throws XMLStreamException {
            w.writeCharacters("\n" + "  ".repeat(depth));
        }
    }

    /** Whether XML 1.0 can carry {@code s} as text and read it back unchanged (no control characters but tab and newline, no CR). */
    static boolean writable(String s) {
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            boolean ok = c == 0x9 || c == 0xA || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000;
            if (!ok) return false;
            i += Character.charCount(c);
        }
        return true;
    }
}
