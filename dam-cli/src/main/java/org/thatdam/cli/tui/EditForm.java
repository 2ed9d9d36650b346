package org.thatdam.cli.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.thatdam.server.api.AssetPatchBody;

/**
 * The asset's title, tags (comma-separated) and description in three line editors: Tab moves between
 * them, Enter asks to save, Esc to cancel. Only the fields the user changed are sent: a line editor
 * drops control characters (and a description's line breaks), so an untouched field must not be
 * written back as the editor holds it.
 */
final class EditForm {

    /** What a key did to the form. */
    enum Outcome { TYPED, SAVE, CANCEL, NOT_MINE }

    private static final List<String> LABELS = List.of("Title", "Tags", "Description");

    private final String title;
    private final String tags;
    private final String description;
    private final TextField[] fields;
    private int focus;
    private boolean saving;

    EditForm(String title, List<String> tags, @Nullable String description) {
        this.fields = new TextField[] {new TextField(title), new TextField(String.join(", ", tags)),
                new TextField(description == null ? "" : description)};
        // what the editors hold before any key: the baseline a change is measured against
        this.title = fields[0].text();
        this.tags = fields[1].text();
        this.description = fields[2].text();
    }

    Outcome key(KeyStroke k) {
        if (saving) return k.getKeyType() == KeyType.Escape ? Outcome.CANCEL : Outcome.TYPED;
        switch (k.getKeyType()) {
            case Tab, ArrowDown -> {
                focus = (focus + 1) % fields.length;
                return Outcome.TYPED;
            }
            case ReverseTab, ArrowUp -> {
                focus = (focus + fields.length - 1) % fields.length;
                return Outcome.TYPED;
            }
            case Enter -> {
                return Outcome.SAVE;
            }
            case Escape -> {
                return Outcome.CANCEL;
            }
            default -> {
                return fields[focus].key(k) ? Outcome.TYPED : Outcome.NOT_MINE;
            }
        }
    }

    /** Shown while the save is under way: keys other than Esc wait. */
    void saving(boolean s) {
        saving = s;
    }

    boolean changed() {
        return !fields[0].text().equals(title) || !fields[1].text().equals(tags) || !fields[2].text().equals(description);
    }

    /** The changes: a field left as it was is null (kept). */
    AssetPatchBody patch() {
        String t = fields[0].text().equals(title) ? null : fields[0].text().strip();
        List<String> tg = fields[1].text().equals(tags) ? null : tags(fields[1].text());
        String d = fields[2].text().equals(description) ? null : fields[2].text();
        return new AssetPatchBody(t, null, tg, d, null, null, null, null);
    }

    /** "a, b ,, c" → [a, b, c]. */
    static List<String> tags(String text) {
        return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
    }

    /** A box over the bottom of {@code size}: a line per field and a line of keys. */
    void draw(TextGraphics g, TerminalSize size) {
        int width = Math.min(size.getColumns(), 100);
        int height = fields.length + 3;
        int top = Math.max(0, size.getRows() - height);
        int left = (size.getColumns() - width) / 2;
        Frame.draw(g, left, top, width, height, saving ? "Edit: saving…" : "Edit");
        int labelWidth = LABELS.stream().mapToInt(String::length).max().orElse(0) + 2;
        for (int i = 0; i < fields.length; i++) {
            g.putString(left + 2, top + 1 + i, LABELS.get(i) + ":");
            fields[i].draw(g, left + 2 + labelWidth, top + 1 + i, Math.max(1, width - labelWidth - 4), i == focus && !saving);
        }
        g.putString(left + 2, top + height - 2, Text.fit("Tab next field  Enter save  Esc cancel  (tags: comma-separated)", width - 4));
    }
}
