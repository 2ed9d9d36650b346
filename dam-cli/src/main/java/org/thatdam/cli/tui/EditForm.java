package org.thatdam.cli.tui;

import com.googlecode.lanterna.SGR;
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
 * drops control characters, so an untouched field must not be written back as the editor holds it.
 * A description or tags the line editor cannot hold exactly (several lines, over {@link
 * TextField#MAX_LENGTH} characters, a tab, a tag holding a comma) are locked: editing them here would
 * lose part of them. Ctrl-U replaces a locked field as a whole; otherwise they are edited with
 * {@code dam edit} or in the browser. A title is never locked: the editor shows it cleaned, and one
 * with control characters is exactly what someone wants to replace.
 */
final class EditForm {

    /** What a key did to the form. */
    enum Outcome { TYPED, SAVE, CANCEL, NOT_MINE }

    private static final List<String> LABELS = List.of("Title", "Tags", "Description");

    private final String title;
    private final String tags;
    private final String description;
    private final TextField[] fields;
    /** Per field, why it is locked, or null: null again once Ctrl-U replaced it. */
    private final @Nullable String[] locked;
    /** Per field, whether it was unlocked by Ctrl-U: sent even when typed back as the editor first held it. */
    private final boolean[] replaced = new boolean[3];
    private int focus;
    private boolean saving;

    EditForm(String title, List<String> tags, @Nullable String description) {
        String storedTags = String.join(", ", tags);
        String storedDescription = description == null ? "" : description;
        this.fields = new TextField[] {new TextField(title), new TextField(storedTags), new TextField(storedDescription)};
        // what the editors hold before any key: the baseline a change is measured against
        this.title = fields[0].text();
        this.tags = fields[1].text();
        this.description = fields[2].text();
        this.locked = new String[] {null,
                tags(this.tags).equals(tags) ? null : "a tag holds a comma or control character",
                this.description.equals(storedDescription) ? null : whyNot(storedDescription)};
    }

    private static String whyNot(String description) {
        if (description.indexOf('\n') >= 0 || description.indexOf('\r') >= 0) return "several lines";
        if (description.length() > TextField.MAX_LENGTH) return "over " + TextField.MAX_LENGTH + " characters";
        return "a control character";
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
                if (locked[focus] == null) return fields[focus].key(k) ? Outcome.TYPED : Outcome.NOT_MINE;
                if (k.getKeyType() == KeyType.Character && k.isCtrlDown() && Character.toLowerCase(k.getCharacter()) == 'u') {
                    locked[focus] = null;
                    replaced[focus] = true;
                    fields[focus].text("");
                }
                return Outcome.TYPED; // nothing else reaches a locked field, nor the app's shortcuts
            }
        }
    }

    /** Shown while the save is under way: keys other than Esc wait. */
    void saving(boolean s) {
        saving = s;
    }

    boolean changed() {
        return changed(0, title) || changed(1, tags) || changed(2, description);
    }

    private boolean changed(int field, String before) {
        return replaced[field] || !fields[field].text().equals(before);
    }

    /** The changes: a field left as it was is null (kept). */
    AssetPatchBody patch() {
        String t = changed(0, title) ? fields[0].text().strip() : null;
        List<String> tg = changed(1, tags) ? tags(fields[1].text()) : null;
        String d = changed(2, description) ? fields[2].text() : null;
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
        int fieldWidth = Math.max(1, width - labelWidth - 4);
        for (int i = 0; i < fields.length; i++) {
            g.putString(left + 2, top + 1 + i, LABELS.get(i) + ":");
            if (locked[i] == null) {
                fields[i].draw(g, left + 2 + labelWidth, top + 1 + i, fieldWidth, i == focus && !saving);
            } else {
                if (i == focus && !saving) g.enableModifiers(SGR.REVERSE);
                g.putString(left + 2 + labelWidth, top + 1 + i, Text.fit("[" + locked[i] + ": Ctrl-U replaces]", fieldWidth));
                g.disableModifiers(SGR.REVERSE);
            }
        }
        g.putString(left + 2, top + height - 2, Text.fit("Tab next field  Enter save  Esc cancel  (tags: comma-separated)", width - 4));
    }
}
