package org.thatdam.media.probe;

import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.ImageProcessingException;
import com.drew.lang.GeoLocation;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifSubIFDDirectory;
import com.drew.metadata.exif.GpsDirectory;
import com.drew.metadata.xmp.XmpDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.TimeZone;
import org.thatdam.model.MediaInfo;

/**
 * EXIF and XMP for still images: capture time, camera, orientation, GPS. Missing or broken
 * metadata is not an error.
 */
final class ImageMetadata {

    private ImageMetadata() {}

    /** Read through a stream: {@code Path.toFile()} goes through a String and loses names the locale cannot spell. */
    static Metadata readMetadata(Path file) throws ImageProcessingException, IOException {
        try (var in = new java.io.BufferedInputStream(Files.newInputStream(file))) {
            return ImageMetadataReader.readMetadata(in);
        }
    }

    static MediaInfo enrich(MediaInfo info, Path file) {
        Metadata md;
        try {
            md = readMetadata(file);
        } catch (ImageProcessingException | IOException | RuntimeException e) {
            return info; // the picture decoded (ffprobe said so); its EXIF is optional
        }
        String make = null, model = null, created = null;
        Integer rotation = info.rotation();
        ExifIFD0Directory ifd0 = md.getFirstDirectoryOfType(ExifIFD0Directory.class);
        if (ifd0 != null) {
            make = ifd0.getString(ExifIFD0Directory.TAG_MAKE);
            model = ifd0.getString(ExifIFD0Directory.TAG_MODEL);
            Integer orientation = ifd0.getInteger(ExifIFD0Directory.TAG_ORIENTATION);
            if (orientation != null) {
                rotation = switch (orientation) {
                    case 3, 4 -> 180;
                    case 5, 6 -> 90;
                    case 7, 8 -> 270;
                    default -> null;
                };
            }
        }
        ExifSubIFDDirectory sub = md.getFirstDirectoryOfType(ExifSubIFDDirectory.class);
        XmpDirectory xmp = md.getFirstDirectoryOfType(XmpDirectory.class);
        var capture = info.capturedAt() != null ? java.util.Optional.<CaptureTime.Capture>empty()
                : CaptureTime.fromMetadata(null,
                        sub == null ? null : sub.getString(ExifSubIFDDirectory.TAG_DATETIME_ORIGINAL),
                        sub == null ? null : sub.getString(ExifSubIFDDirectory.TAG_TIME_ZONE_ORIGINAL),
                        xmp == null ? null : xmp.getXmpProperties().get("xmp:CreateDate"));
        if (sub != null) {
            // EXIF dates carry no zone; read them as UTC wall-clock and say so with no offset suffix.
            Date d = sub.getDateOriginal(TimeZone.getTimeZone("UTC"));
            if (d != null) {
                created = d.toInstant().atOffset(ZoneOffset.UTC).toLocalDateTime().toString();
            }
        }
        Double lat = info.gpsLatitude(), lon = info.gpsLongitude();
        GpsDirectory gps = md.getFirstDirectoryOfType(GpsDirectory.class);
        if (gps != null) {
            GeoLocation g = gps.getGeoLocation();
            if (g != null && !g.isZero()) {
                lat = g.getLatitude();
                lon = g.getLongitude();
            }
        }
        Integer width = info.width(), height = info.height();
        boolean sideways = rotation != null && (rotation == 90 || rotation == 270);
        boolean wasSideways = info.rotation() != null && (info.rotation() == 90 || info.rotation() == 270);
        if (sideways != wasSideways) {
            width = info.height();
            height = info.width();
        }
        return new MediaInfo(info.kind(), info.container(), info.durationSec(), info.bitRate(), width, height,
                info.fps(), info.videoCodec(), info.audioCodec(), rotation,
                created != null ? created : info.creationTime(), info.timecode(), lat, lon,
                make != null ? make.strip() : info.cameraMake(), model != null ? model.strip() : info.cameraModel(),
                info.titleTag(), info.commentTag(),
                capture.map(CaptureTime.Capture::at).orElse(info.capturedAt()),
                capture.map(CaptureTime.Capture::source).orElse(info.captureSource()), info.streams(), info.rawJson());
    }
}
