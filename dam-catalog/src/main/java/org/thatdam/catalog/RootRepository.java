package org.thatdam.catalog;

import java.util.List;
import org.thatdam.model.LibraryRoot;

/** Library roots: the folders the library scans by default. */
public interface RootRepository {
    List<LibraryRoot> list();

    /** Adds the root; false when it was already there. */
    boolean add(String path, long now);

    boolean remove(String path);
}
