package io.tandem.runner.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded byte pipe between two threads of the runner's JVM, standing in for an OS pipe so an
 * in-process agent is spoken to through the same streams as a child process. Like an OS pipe: a
 * write blocks while the buffer is full (back-pressure, no unbounded heap), a read blocks until
 * bytes arrive, the reader sees EOF once the write side is closed and drained, and a write after
 * the read side is closed fails ("broken pipe"). Unlike {@code PipedInputStream} it does not tie
 * either end to a thread's liveness and never sleeps-and-polls: every state change signals.
 */
public final class InMemoryPipe {
    /** The capacity of a Linux pipe, so back-pressure sets in where it would for a process. */
    public static final int DEFAULT_CAPACITY = 64 * 1024;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final byte[] buffer;
    private int head;
    private int count;
    private boolean writeClosed;
    private boolean readClosed;
    private final InputStream in = new Source();
    private final OutputStream out = new Sink();

    public InMemoryPipe(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("pipe capacity must be positive, not " + capacity);
        }
        this.buffer = new byte[capacity];
    }

    public InMemoryPipe() {
        this(DEFAULT_CAPACITY);
    }

    /** The read end; closing it makes later writes fail and discards what is buffered. */
    public InputStream in() {
        return in;
    }

    /** The write end; closing it gives the reader EOF after the buffered bytes. */
    public OutputStream out() {
        return out;
    }

    /** Closes the write end (the reader drains, then sees EOF). Idempotent, any thread. */
    public void closeWrite() {
        lock.lock();
        try {
            writeClosed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Closes the read end (reads return EOF, writes fail). Idempotent, any thread. */
    public void closeRead() {
        lock.lock();
        try {
            readClosed = true;
            count = 0;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        lock.lock();
        try {
            while (count == 0 && !writeClosed && !readClosed) {
                await();
            }
            if (count == 0) {
                return -1;
            }
            int n = Math.min(len, count);
            int first = Math.min(n, buffer.length - head);
            System.arraycopy(buffer, head, b, off, first);
            System.arraycopy(buffer, 0, b, off + first, n - first);
            head = (head + n) % buffer.length;
            count -= n;
            changed.signalAll();
            return n;
        } finally {
            lock.unlock();
        }
    }

    private void write(byte[] b, int off, int len) throws IOException {
        lock.lock();
        try {
            while (len > 0) {
                while (count == buffer.length && !readClosed && !writeClosed) {
                    await();
                }
                if (readClosed) {
                    throw new IOException("broken pipe: the reading side is closed");
                }
                if (writeClosed) {
                    throw new IOException("pipe closed for writing");
                }
                int n = Math.min(len, buffer.length - count);
                int tail = (head + count) % buffer.length;
                int first = Math.min(n, buffer.length - tail);
                System.arraycopy(b, off, buffer, tail, first);
                System.arraycopy(b, off + first, buffer, 0, n - first);
                count += n;
                off += n;
                len -= n;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes all of {@code b} if the buffer has room for all of it now and both ends are open;
     * otherwise writes nothing and returns false. Never blocks: a writer that must not wait on
     * the reader (the runner's main loop) uses this first and falls back to a blocking write on
     * another thread.
     */
    public boolean offer(byte[] b) {
        lock.lock();
        try {
            if (readClosed || writeClosed || buffer.length - count < b.length) {
                return false;
            }
            int tail = (head + count) % buffer.length;
            int first = Math.min(b.length, buffer.length - tail);
            System.arraycopy(b, 0, buffer, tail, first);
            System.arraycopy(b, first, buffer, 0, b.length - first);
            count += b.length;
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    private int available() {
        lock.lock();
        try {
            return count;
        } finally {
            lock.unlock();
        }
    }

    private void await() throws InterruptedIOException {
        try {
            changed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting on an in-memory pipe");
        }
    }

    private final class Source extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return InMemoryPipe.this.read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            return InMemoryPipe.this.read(b, off, len);
        }

        @Override
        public int available() {
            return InMemoryPipe.this.available();
        }

        @Override
        public void close() {
            closeRead();
        }
    }

    private final class Sink extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            InMemoryPipe.this.write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            InMemoryPipe.this.write(b, off, len);
        }

        @Override
        public void close() {
            closeWrite();
        }
    }
}
