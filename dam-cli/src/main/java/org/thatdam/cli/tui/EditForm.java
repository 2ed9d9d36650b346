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
    /**
     * Whether the one-line editor holds the field's whole value: a description with line breaks or beyond
     * the editor's length, or a tag with a comma in it, would come back changed, so such a field is shown
     * but not editable here.
     */
    private final boolean[] editable;
    private int focus;
    private boolean saving;

    EditForm(String title, List<String> tags, @Nullable String description) {
        this.fields = new TextField[] {new TextField(title), new TextField(String.join(", ", tags)),
                new TextField(description == null ? "" : description)};
        // what the editors hold before any key: the baseline a change is measured against
        this.title = fields[0].text();
        this.tags = fields[1].text();
        this.description = fields[2].text();
        this.editable = new boolean[] {this.title.equals(title),
                this.tags.equals(String.join(", ", tags)) && tags.stream().noneMatch(t -> t.contains(",")),
                this.description.equals(description == null ? "" : description)};
        while (focus < fields.length - 1 && !editable[focus]) focus++;
    }

    /** The next editable field after the one in focus, going {@code step} (1 or -1); the same when none. */
    private int next(int step) {
        for (int i = 1; i <= fields.length; i++) {
            int f = Math.floorMod(focus + step * i, fields.length);
            if (editable[f]) return f;
        }
        return focus;
    }

    Outcome key(KeyStroke k) {
        if (saving) return k.getKeyType() == KeyType.Escape ? Outcome.CANCEL : Outcome.TYPED;
        switch (k.getKeyType()) {
            case Tab, ArrowDown -> {
                focus = next(1);
                return Outcome.TYPED;
            }
            case ReverseTab, ArrowUp -> {
                focus = next(-1);
                return Outcome.TYPED;
            }
            case Enter -> {
                return Outcome.SAVE;
            }
            case Escape -> {
                return Outcome.CANCEL;
            }
            default -> {
                return editable[focus] && fields[focus].key(k) ? Outcome.TYPED : Outcome.NOT_MINE;
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
            int col = left + 2 + labelWidth, room = Math.max(1, width - labelWidth - 4);
            if (editable[i]) fields[i].draw(g, col, top + 1 + i, room, i == focus && !saving);
            else g.putString(col, top + 1 + i, Text.fit("(kept: several lines, long or with commas; edit it with dam edit or in the browser)", room));
        }
        g.putString(left + 2, top + height - 2, Text.fit("Tab next field  Enter save  Esc cancel  (tags: comma-separated)", width - 4));
    }
}
