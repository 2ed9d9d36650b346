package org.thatdam.storage.mhl;

/** How a generation came to be: files hashed where they lie, or hashed while copied here. */
public enum MhlProcess {
    IN_PLACE("in-place"),
    TRANSFER("transfer");

    private final String tag;

    MhlProcess(String tag) {
        this.tag = tag;
    }

    String tag() {
        return tag;
    }

    /** The process named {@code tag}; "flatten" (and anything unknown) reads as a transfer. */
    static MhlProcess ofTag(String tag) {
        return "in-place".equals(tag) ? IN_PLACE : TRANSFER;
    }
}
