package org.thatdam.media.capture;

import org.thatdam.model.LiveSettings;
import org.thatdam.model.LiveSourceKind;

/**
 * Everything needed to open a live source: its kind, id, address (device path, {@code test}, or the URL
 * without credentials), the user's settings, and the credentials ({@code user:password}), which only ever
 * go into the ffmpeg argument that opens the stream.
 */
public record SourceSpec(LiveSourceKind kind, String id, String address, LiveSettings settings, String secretUserInfo) {

    @Override
    public String toString() { // never the credentials, whoever logs it
        return "SourceSpec[" + kind.id() + " " + id + " " + address + "]";
    }
}
