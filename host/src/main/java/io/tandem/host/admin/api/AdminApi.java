package io.tandem.host.admin.api;

import io.tandem.host.central.CentralDb;
import io.tandem.host.central.CentralStores;
import io.tandem.host.status.LiveHost;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API without its transport (issue 7 section 1): routes an {@link ApiRequest} to its
 * resource, runs reads on {@link CentralDb#read} and changes in one {@link CentralDb#tx}, then
 * carries out the effects the change asked for (re-projection, runner stops) after the commit.
 * The HTTP server and the CLI's direct path both call {@link #handle}, so a verb behaves and words
 * its refusals the same with or without a running host.
 */
public final class AdminApi {
    private static final Logger log = LoggerFactory.getLogger(AdminApi.class);

    private final CentralDb central;
    private final AdminEffects effects;
    private final Map<String, Resource> resources;
    private final Map<String, SessionResource> sessionResources;
    private final QuarantineApi quarantine;

    /**
     * An admin API whose task, message and status resources work through {@code services};
     * {@code live} is what a running host knows ({@link LiveHost#NOT_RUNNING} on the CLI's direct path).
     */
    public AdminApi(Path dataDir, CentralDb central, CentralStores stores, AdminEffects effects,
                    SessionServices services, LiveHost live) {
        this.central = central;
        SessionLookup lookup = new SessionLookup(dataDir, central, stores);
        this.sessionResources = Map.of(
                "tasks", new TasksApi(lookup, services.tasks()),
                "messages", new MessagesApi(lookup, services.messages(), services.tail()),
                "status", new StatusApi(dataDir, central, stores, services.stats(), live));
        this.quarantine = new QuarantineApi(lookup, services.quarantines());
        this.effects = effects;
        Refs refs = new Refs(stores);
        this.resources = Map.of(
                "groups", new GroupsApi(stores, refs, new DestinationsApi(stores, refs)),
                "channels", new ChannelsApi(stores, refs),
                "wirings", new WiringsApi(stores, refs),
                "sessions", new SessionsApi(dataDir, stores),
                "users", new PeopleApi.Users(stores),
                "roles", new PeopleApi.Roles(stores, refs),
                "members", new PeopleApi.Members(stores, refs),
                "drops", new DropsApi(stores));
    }

    /** Answers {@code r}; a refusal completes normally with its status and error body. */
    public CompletableFuture<ApiResponse> handle(ApiRequest r) {
        SessionResource onSessions = QuarantineApi.routes(r) ? quarantine : sessionResources.get(r.segment(0));
        if (onSessions != null) {
            CompletableFuture<ApiResponse> f;
            try {
                f = onSessions.handle(r);
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            return f.thenApply(resp -> {
                if (!r.method().equals("GET")) {
                    log.atInfo().addKeyValue("request", r.describe()).addKeyValue("status", resp.status())
                            .log("admin.changed");
                }
                return resp;
            }).exceptionally(AdminApi::failure);
        }
        Resource resource = resources.get(r.segment(0));
        if (resource == null) {
            return CompletableFuture.completedFuture(error(ApiException.noRoute(r)));
        }
        Changes changes = new Changes();
        CompletableFuture<ApiResponse> done = r.method().equals("GET")
                ? central.read(c -> resource.handle(c, r, changes))
                : central.tx(c -> resource.handle(c, r, changes));
        return done.thenApply(resp -> {
            if (!r.method().equals("GET")) {
                log.atInfo().addKeyValue("request", r.describe()).addKeyValue("status", resp.status())
                        .log("admin.changed");
                apply(changes);
            }
            return resp;
        }).exceptionally(AdminApi::failure);
    }

    private void apply(Changes changes) {
        try {
            if (!changes.closed.isEmpty()) {
                effects.sessionsClosed(changes.closed);
            }
            if (!changes.reproject.isEmpty()) {
                effects.destinationsChanged(changes.reproject);
            }
        } catch (RuntimeException e) {
            log.atError().setCause(e).log("admin.effects_failed");
        }
    }

    private static ApiResponse failure(Throwable t) {
        Throwable e = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        if (e instanceof ApiException ae) {
            log.atDebug().addKeyValue("status", ae.status()).addKeyValue("message", ae.getMessage())
                    .log("admin.refused");
            return error(ae);
        }
        log.atError().setCause(e).log("admin.failed");
        return new ApiResponse(500, Map.of("error", Map.of("code", "internal",
                "message", "internal error: " + e.getClass().getSimpleName() + ": " + e.getMessage())));
    }

    public static ApiResponse error(ApiException e) {
        return new ApiResponse(e.status(), Map.of("error", Map.of("code", e.code(), "message", e.getMessage())));
    }
}
