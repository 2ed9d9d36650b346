package org.thatdam.storage.objects;

import java.util.List;

/**
 * One page of a listing, sorted by key. {@code next} is the cursor for the following page (pass it
 * as {@code after}); null when this page is the last.
 */
public record ObjectPage(List<ObjectInfo> items, String next) {

    public ObjectPage {
        items = List.copyOf(items);
    }
}
