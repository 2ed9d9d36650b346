package org.thatdam.core.library;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Which folders may be library roots. Pure logic on real (symlink-resolved, absolute) paths; the
 * caller resolves them. A root is refused when scanning it would be pointless or harmful: the whole
 * file system, a system tree of the kernel or the boot loader, the library's own data folder (all of
 * it but its {@code library} folder, where received media goes), or a
 * folder overlapping another root (its files would be catalogued and scanned twice).
 */
public final class RootRules {

    /**
     * System trees that never hold media: the folders themselves and everything inside them.
     * {@code /} itself is refused on its own (it contains everything, so it overlaps every rule).
     */
    public static final List<Path> SYSTEM_TREES = List.of(Path.of("/proc"), Path.of("/sys"), Path.of("/dev"),
            Path.of("/run"), Path.of("/boot"));

    /** Inside {@code /run} only this is allowed: where udisks mounts removable drives (camera cards) on many systems. */
    public static final Path REMOVABLE_MEDIA = Path.of("/run/media");

    private RootRules() {}

    /**
     * Why {@code candidate} may not become a root next to {@code roots}, or empty when it may (also
     * when it already is one of them: adding it again changes nothing).
     */
    public static Optional<String> refusal(Path candidate, Path home, Collection<Path> roots) {
        if (candidate.getParent() == null) {
            return Optional.of(candidate + " is the whole file system: choose the folder that holds your media");
        }
        for (Path system : SYSTEM_TREES) {
            if (candidate.startsWith(system) && !candidate.startsWith(REMOVABLE_MEDIA)) {
                return Optional.of(candidate + (candidate.equals(system) ? " is" : " is inside") + " the system folder "
                        + system + ", which holds no media");
            }
        }
        if (candidate.equals(home)) {
            return Optional.of(candidate + " is the library's own data folder");
        }
        if (org.thatdam.storage.DataLayout.ownData(home, candidate)) {
            return Optional.of(candidate + " is inside the library's own data folder " + home);
        }
        for (Path root : roots) {
            if (candidate.equals(root)) return Optional.empty();
        }
        for (Path root : roots) {
            if (candidate.startsWith(root)) {
                return Optional.of(candidate + " is inside the library root " + root + ", which already covers it");
            }
            if (root.startsWith(candidate)) {
                return Optional.of(candidate + " contains the library root " + root + ": remove that root first");
            }
        }
        return Optional.empty();
    }
}
