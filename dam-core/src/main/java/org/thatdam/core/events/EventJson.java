package org.thatdam.core.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.thatdam.core.json.Json;

/**
 * An event as every client sees it: a JSON object with its {@code type} and the event's fields. The
 * server's WebSocket sends this, and the terminal UI working on the library in-process hands the
 * same objects to its views, so both read one shape.
 */
public final class EventJson {

    private EventJson() {}

    /** {@code {"type": "...", ...the event's fields}}; an event with no fields ("look again") is its type alone. */
    public static ObjectNode of(DamEvent e) {
        ObjectNode msg = Json.mapper().createObjectNode().put("type", e.type());
        if (!(e.getClass().isRecord() && e.getClass().getRecordComponents().length == 0)) {
            msg.setAll((ObjectNode) Json.mapper().valueToTree(e));
        }
        return msg;
    }

    /** {@link #of} as JSON text. */
    public static String text(DamEvent e) {
        return Json.text(of(e));
    }
}
