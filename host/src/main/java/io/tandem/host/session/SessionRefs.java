package io.tandem.host.session;

import io.tandem.host.central.CentralDb;
import io.tandem.host.central.CentralStores;
import io.tandem.schema.session.SessionPaths;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Session refs by id, for wakes that come with an id only; a bounded cache over central. */
final class SessionRefs {
    private static final int MAX = 4096;
    private final Path dataDir;
    private final CentralDb central;
    private final CentralStores store;
    private final java.util.Map<String, SessionRef> cache = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<String, SessionRef> e) {
                    return size() > MAX;
                }
            });

    SessionRefs(Path dataDir, CentralDb central, CentralStores store) {
        this.dataDir = dataDir;
        this.central = central;
        this.store = store;
    }

    void remember(SessionRef s) {
        cache.put(s.sessionId(), s);
    }

    Optional<SessionRef> known(String id) {
        return Optional.ofNullable(cache.get(id));
    }

    CompletableFuture<Optional<SessionRef>> resolve(String id) {
        SessionRef hit = cache.get(id);
        if (hit != null) {
            return CompletableFuture.completedFuture(Optional.of(hit));
        }
        return central.read(c -> store.sessions().session(c, id).map(row -> new SessionRef(row.id(), row.agentGroupId(),
                SessionPaths.of(dataDir, row.agentGroupId(), row.id())))).thenApply(r -> {
                    r.ifPresent(this::remember);
                    return r;
                });
    }
}
