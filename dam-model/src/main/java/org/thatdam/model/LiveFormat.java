package org.thatdam.model;

import java.util.List;

/** One way a device can deliver pictures: its pixel or codec format ({@code yuyv422}, {@code mjpeg}…), size and rates. */
public record LiveFormat(String format, int width, int height, List<FrameRate> rates) {
    public LiveFormat {
        rates = List.copyOf(rates);
    }
}
