package org.thatdam.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay in front of a real server that can cut the line like a dropped connection: after
 * {@link #cutOnceAfter} bytes have gone towards the server, the connection carrying them is closed
 * on both sides (the server keeps what arrived, the client sees its request fail); later
 * connections pass untouched. Answers from the server are always relayed.
 */
final class CuttingProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final int upstreamPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private long budget = Long.MAX_VALUE;
    private int cuts;

    CuttingProxy(int upstreamPort) throws IOException {
        this.upstreamPort = upstreamPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::accept);
    }

    String url() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    /** The next {@code bytes} towards the server pass, then the line is cut once. */
    synchronized void cutOnceAfter(long bytes) {
        budget = bytes;
    }

    synchronized int cuts() {
        return cuts;
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                sockets.add(client);
                sockets.add(server);
                Thread.ofVirtual().start(() -> pump(client, server, true));
                Thread.ofVirtual().start(() -> pump(server, client, false));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void pump(Socket from, Socket to, boolean towardsServer) {
        byte[] buf = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            while (true) {
                int n = in.read(buf);
                if (n < 0) break;
                int allowed = towardsServer ? take(n) : n;
                out.write(buf, 0, allowed);
                out.flush();
                if (allowed < n) break; // the cut
            }
        } catch (IOException e) {
            // one side went away: close both below
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    /** Up to {@code wanted} bytes of the budget; fewer means the line is cut here. */
    private synchronized int take(int wanted) {
        if (budget == Long.MAX_VALUE) return wanted;
        if (budget >= wanted) {
            budget -= wanted;
            return wanted;
        }
        int n = (int) budget;
        budget = Long.MAX_VALUE;
        cuts++;
        return n;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : sockets) closeQuietly(s);
    }
}
