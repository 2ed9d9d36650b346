package org.thatdam.core.offload;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.thatdam.model.DamException;
import org.thatdam.storage.mhl.HashFormat;

/**
 * What to import: a folder (a camera card), the folders to copy it into (one read, each copy
 * verified), the batch of the new assets (default: the source folder's name) and the hashes recorded
 * besides xxh64.
 */
public record ImportRequest(Path source, List<Path> destinations, Optional<String> batch, Set<HashFormat> hashes) {

    /** One read of the card feeds this many copies at most. */
    public static final int MAX_DESTINATIONS = 4;

    /** The hashes an import records (the ledger keeps each of them, so a resumed import can write them all). */
    static final Set<HashFormat> RECORDED = EnumSet.of(HashFormat.XXH64, HashFormat.MD5, HashFormat.SHA1);

    public ImportRequest {
        if (source == null) throw DamException.invalid("give the folder to import (a camera card)");
        if (destinations == null || destinations.isEmpty()) throw DamException.invalid("give at least one destination (--to DEST)");
        if (destinations.size() > MAX_DESTINATIONS) {
            throw DamException.invalid("at most " + MAX_DESTINATIONS + " destinations, got " + destinations.size());
        }
        destinations = List.copyOf(destinations);
        batch = batch == null ? Optional.empty() : batch.map(String::strip).filter(b -> !b.isEmpty());
        EnumSet<HashFormat> all = EnumSet.of(HashFormat.XXH64);
        if (hashes != null) all.addAll(hashes);
        for (HashFormat f : all) {
            if (!RECORDED.contains(f)) {
                throw unsupported(f.tag());
            }
        }
        hashes = Set.copyOf(all);
    }

    /** Parses hash names as given on the command line or in the API ("md5", "sha1", "xxh64"). */
    public static Set<HashFormat> hashes(List<String> names) {
        Set<HashFormat> out = new LinkedHashSet<>();
        if (names == null) return out;
        List<String> parts = new ArrayList<>();
        for (String n : names) {
            if (n != null) parts.addAll(List.of(n.split(",")));
        }
        for (String p : parts) {
            if (p.isBlank()) continue;
            HashFormat f = RECORDED.stream().filter(h -> h.tag().equalsIgnoreCase(p.strip())).findFirst()
                    .orElseThrow(() -> unsupported(p.strip()));
            out.add(f);
        }
        return out;
    }

    /** The one answer to a hash an import does not record, whichever way it was asked for. */
    private static DamException unsupported(String name) {
        return DamException.invalid("an import records xxh64 always and, when asked, md5 and sha1; not '"
                + (name.length() > 20 ? name.substring(0, 20) + "…" : name) + "'");
    }

    /** The hash tags in a stable order (xxh64 first). */
    public List<String> hashTags() {
        return EnumSet.copyOf(hashes).stream().map(HashFormat::tag).toList();
    }
}
