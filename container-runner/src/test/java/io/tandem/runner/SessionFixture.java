package io.tandem.runner;

import io.tandem.schema.db.Durability;
import io.tandem.schema.db.ReadOnlyReads;
import io.tandem.schema.db.Sql;
import io.tandem.schema.db.SqliteOpener;
import io.tandem.schema.ids.Ids;
import io.tandem.schema.migrate.SessionSchema;
import io.tandem.schema.rows.OutboundMessage;
import io.tandem.schema.rows.ProcessingAck;
import io.tandem.schema.seq.SeqMinter;
import io.tandem.schema.session.ContainerSpec;
import io.tandem.schema.session.SessionPaths;
import io.tandem.schema.time.Timestamps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Plays the host for one session in a temp folder: creates the session folder, inbound.db with
 * its schema, {@code out/}, {@code agent/}, the group folder and {@code container.json}, and
 * writes messages exactly as the host does (even seq minted in the INSERT after a finished read
 * of outbound.db's max). Reads outbound.db only read-only, like the host.
 */
public final class SessionFixture {
    static final String AGENT_GROUP = "ag-test";
    static final String CHANNEL = "http";
    static final String CHAT = "demo";

    final Path workspace;
    final Path group;
    public final SessionPaths paths;
    private final Path logs;
    private ContainerSpec spec;

    private SessionFixture(Path workspace, Path group, Path logs) {
        this.workspace = workspace;
        this.group = group;
        this.logs = logs;
        this.paths = new SessionPaths(workspace);
    }

    public static SessionFixture create(Path tmp) throws Exception {
        return create(tmp, EchoMode.IN_PROCESS);
    }

    /** A session whose agent is the echo agent run the {@code mode} way. */
    static SessionFixture create(Path tmp, EchoMode mode) throws Exception {
        return create(tmp, "s-test", mode);
    }

    /**
     * A session {@code sessionId} of the same group folder, logs folder and agent group as the
     * others made under {@code tmp}: several of them can share one runner JVM.
     */
    static SessionFixture create(Path tmp, String sessionId, EchoMode mode) throws Exception {
        Path workspace = tmp.resolve("sessions").resolve(AGENT_GROUP).resolve(sessionId);
        Path group = tmp.resolve("groups").resolve("echo");
        Path logs = tmp.resolve("logs");
        Files.createDirectories(workspace.resolve("out"));
        Files.createDirectories(workspace.resolve("agent"));
        Files.createDirectories(workspace.resolve("inbox"));
        Files.createDirectories(group);
        Files.createDirectories(logs);
        SessionFixture f = new SessionFixture(workspace, group, logs);
        try (Connection c = SqliteOpener.openSession(f.paths.inboundDb(), Durability.PROCESS)) {
            SessionSchema.INBOUND.apply(c);
            Sql.tx(c, tx -> Sql.update(tx, "INSERT INTO session_routing(id, channel_type, platform_id, thread_id)"
                    + " VALUES (1, ?, ?, NULL)", CHANNEL, CHAT));
        }
        f.writeSpec(spec(sessionId, mode.agent(), 600_000));
        return f;
    }

    /** Short timings so tests run fast; idle exit far away so it never interferes. */
    static ContainerSpec spec(ContainerSpec.Agent agent, long batchTimeoutMs) {
        return spec(agent, batchTimeoutMs, null);
    }

    /** As {@link #spec(ContainerSpec.Agent, long)} with {@code max_output_per_batch} (null = absent). */
    static ContainerSpec spec(ContainerSpec.Agent agent, long batchTimeoutMs, Long maxOutputPerBatch) {
        return spec("s-test", agent, batchTimeoutMs, maxOutputPerBatch);
    }

    /** As {@link #spec(ContainerSpec.Agent, long)} for session {@code sessionId}. */
    static ContainerSpec spec(String sessionId, ContainerSpec.Agent agent, long batchTimeoutMs) {
        return spec(sessionId, agent, batchTimeoutMs, null);
    }

    private static ContainerSpec spec(String sessionId, ContainerSpec.Agent agent, long batchTimeoutMs,
            Long maxOutputPerBatch) {
        return new ContainerSpec(ContainerSpec.VERSION, AGENT_GROUP, sessionId, "UTC", 10,
                new ContainerSpec.Storage("process"), agent,
                new ContainerSpec.Runner(200, 200, 60_000, batchTimeoutMs, true, maxOutputPerBatch));
    }

    /** As {@link #spec(ContainerSpec.Agent, long)} with a batch size and a fallback poll interval of its own. */
    static ContainerSpec specBatchedAndPolled(ContainerSpec.Agent agent, int maxMessagesPerBatch, long pollIntervalMs) {
        return new ContainerSpec(ContainerSpec.VERSION, AGENT_GROUP, "s-test", "UTC", maxMessagesPerBatch,
                new ContainerSpec.Storage("process"), agent,
                new ContainerSpec.Runner(pollIntervalMs, 200, 60_000, 600_000, true, null));
    }

    /** An {@code exec} agent running a test main class on this JVM's classpath. */
    static ContainerSpec.Agent testAgent(Class<?> main, Map<String, String> env, String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), main.getName()));
        argv.addAll(List.of(args));
        return new ContainerSpec.Agent("exec", argv, env, ".");
    }

    void writeSpec(ContainerSpec s) throws IOException {
        this.spec = s;
        s.writeAtomically(paths.containerJson());
    }

    ContainerSpec spec() {
        return spec;
    }

    RunnerProcess startRunner(String name) throws IOException {
        return RunnerProcess.start(workspace, group, logs.resolve(name + ".log"));
    }

    /** The session as the one session of a shared runner JVM of its own ({@code --pool}). */
    SessionRunner startPooledRunner(String name) throws IOException {
        return PooledSessionRunner.start(this, logs, name);
    }

    /** As above with exactly {@code env} as the pool JVM's environment. */
    SessionRunner startPooledRunner(String name, Map<String, String> env) throws IOException {
        return PooledSessionRunner.start(this, logs, name, env);
    }

    Path logs() {
        return logs;
    }

    /** A runner with exactly {@code env} as its environment (what the host's allow-list passes). */
    RunnerProcess startRunner(String name, Map<String, String> env) throws IOException {
        return RunnerProcess.start(RunnerMain.class, workspace, group, logs.resolve(name + ".log"), env);
    }

    /** A runner started through another main class (one that registers extra agent kinds). */
    RunnerProcess startRunner(String name, Class<?> main) throws IOException {
        return RunnerProcess.start(main, workspace, group, logs.resolve(name + ".log"));
    }

    /** Inserts a pending chat message the way the host's session writer does; returns its id. */
    public String insertChat(String text, boolean trigger) throws SQLException {
        return insertMessage(text, trigger, 0, "pending", null);
    }

    public String insertMessage(String text, boolean trigger, int tries, String status, String processAfter)
            throws SQLException {
        String id = Ids.mint(Ids.MESSAGE_IN);
        SeqMinter minter = SeqMinter.inbound();
        long otherMax = minter.otherMax(paths.outboundDb());
        String content = "{\"text\":" + io.tandem.schema.json.Json.write(text)
                + ",\"sender\":{\"id\":\"http:ann\",\"name\":\"Ann\"}}";
        String now = Timestamps.format(Instant.now());
        try (Connection c = SqliteOpener.openSession(paths.inboundDb(), Durability.PROCESS)) {
            Sql.tx(c, tx -> Sql.update(tx, "INSERT INTO messages_in(id, seq, kind, timestamp, status, process_after,"
                    + " series_id, tries, trigger, on_wake, platform_id, channel_type, thread_id, content)"
                    + " VALUES (?, " + minter.nextSeqSql() + ", 'chat', ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)",
                    id, otherMax, now, status, processAfter, id, tries, trigger, CHAT, CHANNEL, "th-1", content));
        }
        return id;
    }

    /**
     * Inserts a pending row of any {@code kind} from chat {@code platformId} on {@code channelType}
     * (thread {@code threadId}) with raw {@code contentJson}; returns its id.
     */
    public String insertRow(String kind, String channelType, String platformId, String threadId, String contentJson,
            boolean trigger) throws SQLException {
        String id = Ids.mint(Ids.MESSAGE_IN);
        SeqMinter minter = SeqMinter.inbound();
        long otherMax = minter.otherMax(paths.outboundDb());
        String now = Timestamps.format(Instant.now());
        try (Connection c = SqliteOpener.openSession(paths.inboundDb(), Durability.PROCESS)) {
            Sql.tx(c, tx -> Sql.update(tx, "INSERT INTO messages_in(id, seq, kind, timestamp, status, series_id,"
                    + " tries, trigger, on_wake, platform_id, channel_type, thread_id, content)"
                    + " VALUES (?, " + minter.nextSeqSql() + ", ?, ?, 'pending', ?, 0, ?, 0, ?, ?, ?, ?)",
                    id, otherMax, kind, now, id, trigger, platformId, channelType, threadId, contentJson));
        }
        return id;
    }

    public void addDestination(String name, String type, String channelType, String platformId, String agentGroupId)
            throws SQLException {
        try (Connection c = SqliteOpener.openSession(paths.inboundDb(), Durability.PROCESS)) {
            Sql.tx(c, tx -> Sql.update(tx, "INSERT INTO destinations(name, display_name, type, channel_type,"
                    + " platform_id, agent_group_id) VALUES (?, ?, ?, ?, ?, ?)",
                    name, name, type, channelType, platformId, agentGroupId));
        }
    }

    /** Marks a row to be handed to the agent only on the runner's first poll (the host's on_wake). */
    public void setOnWake(String messageId) throws SQLException {
        try (Connection c = SqliteOpener.openSession(paths.inboundDb(), Durability.PROCESS)) {
            Sql.tx(c, tx -> Sql.update(tx, "UPDATE messages_in SET on_wake = 1 WHERE id = ?", messageId));
        }
    }

    /**
     * Writes outbound.db as an earlier runner of this session would have (creating it with its
     * schema when missing): for tests of what a new runner finds at start.
     */
    public void asEarlierRunner(Sql.TxWork<Void> work) throws SQLException {
        try (Connection c = SqliteOpener.openSession(paths.outboundDb(), Durability.PROCESS)) {
            SessionSchema.OUTBOUND.apply(c);
            Sql.tx(c, work);
        }
    }

    /** An earlier runner's ack. */
    public static void ack(Connection tx, String messageId, int attempt, String status) throws SQLException {
        Sql.update(tx, "INSERT INTO processing_ack(message_id, attempt, status, status_changed) VALUES (?, ?, ?, ?)",
                messageId, attempt, status, Timestamps.format(Instant.now()));
    }

    /** An earlier runner's chat reply to {@code inReplyTo} with an odd {@code seq}. */
    public static void reply(Connection tx, long seq, String inReplyTo, String text) throws SQLException {
        Sql.update(tx, "INSERT INTO messages_out(id, seq, in_reply_to, timestamp, kind, platform_id, channel_type,"
                + " content) VALUES (?, ?, ?, ?, 'chat', ?, ?, ?)", Ids.mint(Ids.MESSAGE_OUT), seq, inReplyTo,
                Timestamps.format(Instant.now()), CHAT, CHANNEL,
                "{\"text\":" + io.tandem.schema.json.Json.write(text) + "}");
    }

    /** The host's view of an inbound row changing (ack sync, retry): sets status and tries. */
    public void setStatus(String messageId, String status, int tries) throws SQLException {
        try (Connection c = SqliteOpener.openSession(paths.inboundDb(), Durability.PROCESS)) {
            Sql.tx(c, tx -> Sql.update(tx, "UPDATE messages_in SET status = ?, tries = ? WHERE id = ?", status, tries,
                    messageId));
        }
    }

    long seqOf(String messageId) throws SQLException {
        try (Connection c = SqliteOpener.openReadOnly(paths.inboundDb())) {
            return Sql.longValue(c, "SELECT seq FROM messages_in WHERE id = ?", messageId);
        }
    }

    List<OutboundMessage> replies() throws SQLException {
        return ReadOnlyReads.read(paths.outboundDb(), c -> Sql.list(c,
                "SELECT " + OutboundMessage.COLUMNS + " FROM messages_out ORDER BY seq", OutboundMessage::map))
                .orElse(List.of());
    }

    Optional<ProcessingAck> ack(String messageId) throws SQLException {
        return ReadOnlyReads.read(paths.outboundDb(), c -> Sql.one(c,
                "SELECT message_id, attempt, status, status_changed, error FROM processing_ack WHERE message_id = ?",
                ProcessingAck::map, messageId)).orElse(Optional.empty());
    }
}
