package org.thatdam.media.xmp;

import java.util.List;
import java.util.Optional;

/**
 * What XMP says about an asset, in the catalog's terms. An empty optional means the property is
 * absent (so it changes nothing); tags are hierarchical with {@code /} between levels.
 *
 * @param label   a colour label id (red, yellow, green, blue, purple)
 * @param markers xmpDM markers (of the file and of its tracks); informational only
 */
public record XmpValues(Optional<String> title, Optional<String> description, Optional<List<String>> tags,
                        Optional<Integer> rating, Optional<String> label, Optional<String> logComment,
                        List<XmpMarker> markers) {

    public XmpValues {
        title = title == null ? Optional.empty() : title;
        description = description == null ? Optional.empty() : description;
        tags = tags == null ? Optional.empty() : tags.map(List::copyOf);
        rating = rating == null ? Optional.empty() : rating;
        label = label == null ? Optional.empty() : label;
        logComment = logComment == null ? Optional.empty() : logComment;
        markers = markers == null ? List.of() : List.copyOf(markers);
    }

    public static XmpValues none() {
        return new XmpValues(null, null, null, null, null, null, null);
    }

    public boolean isEmpty() {
        return title.isEmpty() && description.isEmpty() && tags.isEmpty() && rating.isEmpty() && label.isEmpty()
                && logComment.isEmpty() && markers.isEmpty();
    }
}
