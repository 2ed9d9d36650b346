package org.thatdam.storage.objects;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** At most {@code limit} bytes of another stream; closing it closes that stream unless it is {@link #shielded}. */
class BoundedInput extends FilterInputStream {

    private long left;

    BoundedInput(InputStream in, long limit) {
        super(in);
        this.left = limit;
    }

    /** The next {@code limit} bytes of a stream that belongs to someone else: closing this leaves it open. */
    static BoundedInput shielded(InputStream in, long limit) {
        return new BoundedInput(in, limit) {
            @Override
            public void close() {
                // the caller's stream: the caller closes it
            }
        };
    }

    @Override
    public int read() throws IOException {
        if (left <= 0) return -1;
        int b = in.read();
        if (b >= 0) left--;
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        if (left <= 0) return -1;
        int n = in.read(b, off, (int) Math.min(len, left));
        if (n > 0) left -= n;
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = in.skip(Math.min(n, left));
        left -= skipped;
        return skipped;
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(in.available(), left);
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
