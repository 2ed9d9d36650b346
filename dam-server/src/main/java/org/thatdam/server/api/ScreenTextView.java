package org.thatdam.server.api;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.thatdam.model.Scene;
import org.thatdam.model.SceneText;

/**
 * A line of text read on a keyframe: what it says, the recogniser's confidence (0..1), and where it is on the frame,
 * as fractions (0..1) of the frame's width and height from its top-left corner.
 */
public record ScreenTextView(String text, double confidence, Box box) {

    public record Box(double x, double y, double w, double h) {}

    public static ScreenTextView of(SceneText t) {
        return new ScreenTextView(t.text(), t.confidence(), new Box(t.x(), t.y(), t.w(), t.h()));
    }

    /** The lines read on one beat's keyframe. */
    static List<ScreenTextView> of(Scene beat, Map<Long, List<SceneText>> texts) {
        return texts.getOrDefault(beat.id(), List.of()).stream().map(ScreenTextView::of).toList();
    }

    /** The lines read on a scene's beats, each distinct text once (a slide shown across beats is one line). */
    static List<ScreenTextView> ofScene(List<Scene> beats, Map<Long, List<SceneText>> texts) {
        Set<String> seen = new LinkedHashSet<>();
        return beats.stream().flatMap(b -> texts.getOrDefault(b.id(), List.of()).stream())
                .filter(t -> seen.add(t.text())).map(ScreenTextView::of).toList();
    }
}
