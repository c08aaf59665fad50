package io.tandem.runner.pool;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread group of one session in a shared runner JVM. Every thread the session's run creates
 * (loop helpers, agent pipes, an in-process agent, a heartbeat timer) is created by a thread of
 * this group and so belongs to it, which is how {@link SessionLogRouter} finds the session's log
 * file for a line that names no session. An exception nothing caught in one of those threads is
 * logged against the session (in its own log), never handed to the JVM's default handler. The
 * group is a daemon group, so it goes away with its last thread.
 */
final class SessionThreadGroup extends ThreadGroup {
    private static final Logger log = LoggerFactory.getLogger("io.tandem.runner.session");

    private final String session;

    SessionThreadGroup(String session) {
        super("session-" + session);
        this.session = session;
        // destroyed with its last thread: a long-lived pool must not keep one group per session it ever ran
        setDaemon(true);
    }

    String session() {
        return session;
    }

    /** The session whose group (or a group below it) the current thread is in, or null. */
    static String ofCurrentThread() {
        for (ThreadGroup g = Thread.currentThread().getThreadGroup(); g != null; g = g.getParent()) {
            if (g instanceof SessionThreadGroup s) {
                return s.session;
            }
        }
        return null;
    }

    @Override
    public void uncaughtException(Thread t, Throwable e) {
        log.atError().addKeyValue("session", session).addKeyValue("thread", t.getName()).setCause(e)
                .log("thread.failed");
    }
}
