package org.thatdam.media.worker;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.bytedeco.javacpp.BytePointer;
import org.thatdam.media.libav.FrameRequest;
import org.thatdam.media.libav.Libav;
import org.thatdam.media.libav.LibavFrames;
import org.thatdam.media.libav.LibavProbe;
import org.thatdam.media.worker.WorkerOptions.Fault;
import org.thatdam.media.worker.WorkerProtocol.Message;

/**
 * A media worker process: answers the pool's requests over stdin/stdout ({@link WorkerProtocol}), one
 * at a time, with libav* in this process. Stdout carries only the protocol ({@code System.out} is
 * stderr here, and the VM's own reports go to stderr too). It ends when stdin ends or its parent
 * changes: a worker never outlives the process that started it.
 *
 * <p>Argument: the test fault hooks as JSON (file name -> ABORT | HANG), from {@link WorkerOptions#faults()}.
 */
public final class WorkerMain {

    private final DataOutputStream out;
    private final Map<String, Fault> faults;
    private final BlockingQueue<Message> requests = new LinkedBlockingQueue<>();
    /** A lazy frames request's go-aheads. */
    private final BlockingQueue<Message> answers = new LinkedBlockingQueue<>();
    /** The pool asked the running frames request to stop. */
    private volatile boolean stop;

    private WorkerMain(DataOutputStream out, Map<String, Fault> faults) {
        this.out = out;
        this.faults = faults;
    }

    public static void main(String[] args) throws Exception {
        DataOutputStream protocol = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16));
        System.setOut(System.err);
        Map<String, Fault> faults = args.length > 0
                ? WorkerProtocol.JSON.readValue(args[0], new TypeReference<Map<String, Fault>>() {})
                : Map.of();
        WorkerMain worker = new WorkerMain(protocol, faults);
        watchParent();
        Thread.ofPlatform().daemon().name("stdin").start(() ->
                worker.readRequests(new DataInputStream(new BufferedInputStream(new FileInputStream(FileDescriptor.in), 1 << 16))));
        Thread.ofPlatform().daemon().name("preload").start(() -> {
            try {
                Libav.load(); // ahead of the first request; a failure is reported by that request
            } catch (RuntimeException ignored) {
                // said again when a request loads
            }
        });
        worker.serve();
    }

    /** Ends this process when the process that started it is gone (reparented), whatever stdin does. */
    private static void watchParent() {
        long parent = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
        Thread.ofPlatform().daemon().name("parent-watch").start(() -> {
            while (true) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
                long now = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
                if (now != parent) Runtime.getRuntime().halt(0);
            }
        });
    }

    private void readRequests(DataInputStream in) {
        try {
            Message m;
            while ((m = WorkerProtocol.read(in)) != null) {
                switch (m.type()) {
                    case WorkerProtocol.STOP -> {
                        stop = true;
                        answers.add(m);
                    }
                    case WorkerProtocol.GO -> answers.add(m);
                    default -> requests.add(m);
                }
            }
        } catch (IOException e) {
            System.err.println("media worker: unreadable request stream: " + e.getMessage());
        }
        Runtime.getRuntime().halt(0); // the pool is gone or closed us: nothing may outlive it
    }

    private void serve() throws InterruptedException {
        while (true) {
            Message request = requests.take();
            Message answer;
            try {
                answer = answer(request);
            } catch (Throwable t) {
                if (!(t instanceof org.thatdam.model.DamException)) t.printStackTrace(); // to stderr, our parent's debug log
                answer = WorkerProtocol.error(t);
            }
            send(answer);
        }
    }

    private Message answer(Message request) throws Exception {
        return switch (request.type()) {
            case WorkerProtocol.PING -> Message.of(WorkerProtocol.PONG);
            case WorkerProtocol.PROBE -> {
                Path file = Path.of(request.header().path("file").asText());
                fault(file);
                Message m = Message.of(WorkerProtocol.PROBED);
                m.header().put("json", LibavProbe.probeJson(file));
                yield m;
            }
            case WorkerProtocol.FRAMES -> {
                Path file = Path.of(request.header().path("file").asText());
                FrameRequest r = WorkerProtocol.frameRequestOf(request);
                stop = false;
                answers.clear();
                fault(file);
                int n = LibavFrames.decode(file, r, f -> {
                    send(WorkerProtocol.frame(f));
                    if (!r.lazy()) return !stop;
                    try {
                        return answers.take().type().equals(WorkerProtocol.GO);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                }, () -> stop);
                Message m = Message.of(WorkerProtocol.DONE);
                m.header().put("count", n);
                yield m;
            }
            default -> throw new IOException("unknown request " + request.type());
        };
    }

    private void send(Message m) {
        try {
            WorkerProtocol.write(out, m);
        } catch (IOException e) {
            Runtime.getRuntime().halt(0); // the pool is gone
        }
    }

    /** The test hooks: a genuine native crash, or a request that never ends. */
    private void fault(Path file) throws InterruptedException {
        Fault f = faults.get(String.valueOf(file.getFileName()));
        if (f == null) return;
        switch (f) {
            case ABORT -> crash();
            case HANG -> new java.util.concurrent.CountDownLatch(1).await();
        }
    }

    /** A write through a native pointer to address 16: SIGSEGV in native code, as a broken decoder would. */
    private static void crash() {
        new BytePointer() {
            {
                address = 16;
                limit = 1;
                capacity = 1;
            }
        }.put(0L, (byte) 1);
    }
}
