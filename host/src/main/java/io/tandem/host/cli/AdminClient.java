package io.tandem.host.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.HostLock;
import io.tandem.host.admin.api.AdminApi;
import io.tandem.host.admin.api.AdminEffects;
import io.tandem.host.admin.api.SessionServices;
import io.tandem.host.config.ConfigLoader;
import io.tandem.host.messages.ConversationTail;
import io.tandem.host.messages.FailedMessages;
import io.tandem.host.status.LiveHost;
import io.tandem.host.status.SessionStats;
import io.tandem.host.session.InboundDb;
import io.tandem.host.session.SessionQuarantines;
import io.tandem.host.tasks.TaskService;
import io.tandem.host.tasks.TaskZones;
import io.tandem.host.work.SessionLanes;
import io.tandem.schema.db.Durability;
import io.tandem.host.admin.api.ApiException;
import io.tandem.host.admin.api.ApiRequest;
import io.tandem.host.admin.api.ApiResponse;
import io.tandem.host.central.CentralDb;
import io.tandem.host.central.CentralStores;
import io.tandem.schema.TandemException;
import io.tandem.schema.json.Json;
import io.tandem.schema.session.ExclusiveFileLock;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.stream.Collectors;

/**
 * Sends one admin request the way DESIGN 7.1 says: while a host runs on the data folder (its
 * {@code host.json} present and {@code host.lock} held) over its admin API with the bearer from
 * {@code admin.token}; with no host, in this process against the files under {@code host.lock},
 * through the same {@link AdminApi}, so behaviour and messages are identical either way. The
 * answer is always the API's JSON ({@link ApiResponse#body()} as a tree).
 */
final class AdminClient {
    private AdminClient() {
    }

    static ApiResponse call(Path dataDir, ApiRequest r) throws Exception {
        Path hostJson = dataDir.resolve("host.json");
        if (Files.isRegularFile(hostJson) && !ExclusiveFileLock.isFree(dataDir.resolve("host.lock"))) {
            return overHttp(dataDir, Json.parse(Files.readString(hostJson)).path("admin").asText(), r);
        }
        return direct(dataDir, r);
    }

    private static ApiResponse direct(Path dataDir, ApiRequest r) throws Exception {
        quietLogs();
        if (!Files.isRegularFile(dataDir.resolve("central.db"))) {
            return asJson(AdminApi.error(ApiException.notFound("no Tandem data folder at " + dataDir
                    + " (run tandem init or tandem up, or pass --data)")));
        }
        Clock clock = Clock.systemUTC();
        HostLock lock;
        try {
            lock = HostLock.acquire(dataDir);
        } catch (TandemException e) {
            return asJson(AdminApi.error(ApiException.conflict("a host is starting on " + dataDir
                    + " (it holds host.lock but has not written host.json yet); try again: " + e.getMessage())));
        }
        try (lock; CentralDb central = CentralDb.open(dataDir.resolve("central.db"), clock);
             SessionLanes lanes = new SessionLanes(1); InboundDb inbound = new InboundDb(directDurability(dataDir))) {
            // no host: nothing to wake or kick; the next host start finds the changed rows itself
            SessionServices services = new SessionServices(
                    new TaskService(inbound, lanes, sessionId -> { }, new TaskZones(directZone(dataDir)), clock),
                    new FailedMessages(inbound, lanes, sessionId -> { }, s -> { }),
                    new ConversationTail(inbound, lanes, clock), new SessionStats(inbound, lanes, clock),
                    SessionQuarantines.offline(lanes, clock));
            ApiResponse resp = new AdminApi(dataDir, central, CentralStores.sqlite(clock), AdminEffects.NONE, services,
                    LiveHost.NOT_RUNNING).handle(r).join();
            return asJson(resp);
        }
    }

    /** The configured host zone for a task time without an offset (UTC if the configuration cannot be read). */
    private static java.time.ZoneId directZone(Path dataDir) {
        try {
            return ConfigLoader.load(null, System.getenv(), java.util.Map.of("data_dir", dataDir.toString())).timezone();
        } catch (RuntimeException e) {
            return java.time.ZoneOffset.UTC;
        }
    }

    private static Durability directDurability(Path dataDir) {
        try {
            return ConfigLoader.load(null, System.getenv(), java.util.Map.of("data_dir", dataDir.toString())).durability();
        } catch (RuntimeException e) {
            return Durability.POWER;
        }
    }

    /** The same JSON tree the HTTP path would have produced. */
    private static ApiResponse asJson(ApiResponse resp) {
        return new ApiResponse(resp.status(), Json.parse(Json.write(resp.body())));
    }

    /**
     * A verb prints its answer on stdout and refusals on stderr; the host's INFO events would only
     * clutter that, so they are shown only when {@code TANDEM_LOG_LEVEL} asks for them.
     */
    static void quietLogs() {
        if (System.getenv("TANDEM_LOG_LEVEL") == null
                && org.slf4j.LoggerFactory.getLogger("io.tandem") instanceof ch.qos.logback.classic.Logger l) {
            l.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }

    private static ApiResponse overHttp(Path dataDir, String admin, ApiRequest r) throws Exception {
        String token = Files.readString(dataDir.resolve("admin.token")).strip();
        String path = r.path().stream().map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(Collectors.joining("/"));
        String query = r.query().entrySet().stream().map(e -> e.getKey() + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        URI uri = URI.create("http://" + admin + "/admin/v1/" + path + (query.isEmpty() ? "" : "?" + query));
        HttpRequest.BodyPublisher body = r.body().isNull() ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(Json.write(r.body()));
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(r.method(), body).build();
        HttpResponse<String> resp = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
                .send(req, HttpResponse.BodyHandlers.ofString());
        JsonNode json = resp.body().isEmpty() ? Json.object() : Json.parse(resp.body());
        return new ApiResponse(resp.statusCode(), json);
    }
}
