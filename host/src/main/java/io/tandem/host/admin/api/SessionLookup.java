package io.tandem.host.admin.api;

import io.tandem.host.central.CentralDb;
import io.tandem.host.central.CentralStores;
import io.tandem.host.central.Rows.SessionListing;
import io.tandem.host.session.SessionRef;
import io.tandem.schema.ids.Ids;
import io.tandem.schema.rows.SessionStatus;
import io.tandem.schema.session.SessionPaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** Finds the sessions a task or message request names, on central's read connection. */
final class SessionLookup {
    private final Path dataDir;
    private final CentralDb central;
    private final CentralStores stores;

    SessionLookup(Path dataDir, CentralDb central, CentralStores stores) {
        this.dataDir = dataDir;
        this.central = central;
        this.stores = stores;
    }

    /** One session by id; 404 naming it when unknown. */
    CompletableFuture<SessionRef> one(String sessionId) {
        return central.read(c -> stores.sessions().sessionListing(c, sessionId).map(this::ref)
                .orElseThrow(() -> ApiException.notFound("session: no session " + sessionId)));
    }

    /** Sessions filtered by group and session id (either may be null); active ones only unless {@code all}. */
    CompletableFuture<List<SessionRef>> many(String group, String session, boolean all) {
        return central.read(c -> {
            if (group != null && stores.groups().agentGroup(c, group).isEmpty()) {
                throw ApiException.notFound("group: no group " + group);
            }
            if (session != null) {
                SessionListing s = stores.sessions().sessionListing(c, session)
                        .orElseThrow(() -> ApiException.notFound("session: no session " + session));
                return group == null || group.equals(s.agentGroupId()) ? List.of(ref(s)) : List.<SessionRef>of();
            }
            List<SessionRef> out = new ArrayList<>();
            for (SessionListing s : stores.sessions().listSessions(c, group, all ? null : SessionStatus.ACTIVE)) {
                if (Ids.isSafe(s.agentGroupId()) && Ids.isSafe(s.id())) {
                    out.add(ref(s));
                }
            }
            return out;
        });
    }

    /**
     * The active sessions of one chat ({@code mg-…} id or {@code <channel_type>:<platform_id>}),
     * every agent group and thread; 404 naming {@code chat} when no such chat exists.
     */
    CompletableFuture<List<SessionRef>> ofChat(String chat) {
        return central.read(c -> {
            String mg = new Refs(stores).channel(c, "chat", chat).id();
            List<SessionRef> out = new ArrayList<>();
            for (SessionListing s : stores.sessions().listSessions(c, null, SessionStatus.ACTIVE)) {
                if (mg.equals(s.messagingGroupId()) && Ids.isSafe(s.agentGroupId()) && Ids.isSafe(s.id())) {
                    out.add(ref(s));
                }
            }
            return out;
        });
    }

    private SessionRef ref(SessionListing s) {
        return new SessionRef(s.id(), s.agentGroupId(), SessionPaths.of(dataDir, s.agentGroupId(), s.id()));
    }

    /** Runs {@code each} over the sessions one after another and collects the answers in order. */
    static <T> CompletableFuture<List<T>> sequence(List<SessionRef> sessions,
                                                   Function<SessionRef, CompletableFuture<T>> each) {
        CompletableFuture<List<T>> chain = CompletableFuture.completedFuture(new ArrayList<>());
        for (SessionRef s : sessions) {
            chain = chain.thenCompose(list -> each.apply(s).thenApply(v -> {
                list.add(v);
                return list;
            }));
        }
        return chain;
    }
}
