package org.thatdam.model;

import java.util.List;

/**
 * A camera, capture card, network stream or the test pattern. {@code address} is the device path,
 * {@code test}, or the stream's URL without its credentials (they are never shown back);
 * {@code recording} is the take being written, if any.
 */
public record LiveSource(String id, LiveSourceKind kind, String name, String address, boolean available,
                         List<LiveFormat> formats, LiveSettings settings, LiveState state, int viewers,
                         CaptureTake recording) {
    public LiveSource {
        formats = List.copyOf(formats);
    }
}
