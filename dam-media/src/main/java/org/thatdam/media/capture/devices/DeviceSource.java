package org.thatdam.media.capture.devices;

import java.util.List;
import org.thatdam.model.LiveFormat;

/**
 * A video capture device of this machine as its driver describes it.
 *
 * @param id        stable across reboots and re-plugging when udev names the device under
 *                  {@code /dev/v4l/by-id} (slugged), else {@code videoN}
 * @param path      the device node to open, {@code /dev/videoN}
 * @param busInfo   where it is attached ({@code usb-0000:00:14.0-1}); null when unknown
 * @param driver    the kernel driver ({@code uvcvideo}); null when unknown
 * @param formats   what it delivers, each format at each size; a format with no rates runs at the device's default
 * @param available false when the device did not answer or offers nothing ffmpeg can read
 * @param error     why it is unavailable, in words; null when available
 */
public record DeviceSource(String id, String name, String path, String busInfo, String driver,
                           List<LiveFormat> formats, boolean available, String error) {
    public DeviceSource {
        formats = List.copyOf(formats);
    }

    static DeviceSource unavailable(String id, String name, String path, String busInfo, String driver, String error) {
        return new DeviceSource(id, name, path, busInfo, driver, List.of(), false, error);
    }
}
