package org.thatdam.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file as an input stream whose mark, reset and skip move the file position: the tus client
 * marks the start of every request to rewind on a retry, and on a plain file stream it would wrap
 * a buffer holding a whole request's bytes. Reads go straight from the file into the caller's array.
 */
final class SeekableFileStream extends InputStream {

    private final FileChannel channel;
    private long mark;

    SeekableFileStream(Path file) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        ByteBuffer buf = ByteBuffer.wrap(b, off, len);
        int n = 0;
        // fill the request: the client counts a short read as a short chunk, and fewer round trips are faster
        while (buf.hasRemaining()) {
            int r = channel.read(buf);
            if (r < 0) break;
            n += r;
        }
        return n == 0 ? -1 : n;
    }

    @Override
    public long skip(long n) throws IOException {
        long from = channel.position();
        long to = Math.max(0, Math.min(channel.size(), from + n));
        channel.position(to);
        return to - from;
    }

    @Override
    public boolean markSupported() {
        return true;
    }

    @Override
    public synchronized void mark(int readLimit) {
        try {
            mark = channel.position();
        } catch (IOException e) {
            mark = -1;
        }
    }

    @Override
    public synchronized void reset() throws IOException {
        if (mark < 0) throw new IOException("no position to return to");
        channel.position(mark);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
