package io.tandem.host.routing;

import io.tandem.schema.session.SessionPaths;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Session folders this host has already resolved through {@link SessionPaths#of} (ids checked, no
 * symbolic link on the way, no escape from the data folder), so a chat's messages pay for that
 * check once per host life instead of at every message: it is two real-path walks and a stat per
 * path component, on the central lane, for every routed message. The sweep keeps its refs the same
 * way. Only a folder that exists is remembered, so a new session is resolved again once its lane
 * has created the folder. Bounded: the least recently used entry goes first.
 */
final class SessionPathCache {
    private static final int MAX = 4096;

    private final Path dataDir;
    private final Map<String, SessionPaths> known = Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, SessionPaths> eldest) {
                    return size() > MAX;
                }
            });

    SessionPathCache(Path dataDir) {
        this.dataDir = dataDir;
    }

    SessionPaths of(String agentGroupId, String sessionId) {
        // ids never contain '/', so the key is unambiguous
        String key = agentGroupId + "/" + sessionId;
        SessionPaths hit = known.get(key);
        if (hit != null) {
            return hit;
        }
        SessionPaths paths = SessionPaths.of(dataDir, agentGroupId, sessionId);
        if (Files.isDirectory(paths.root(), LinkOption.NOFOLLOW_LINKS)) {
            known.put(key, paths);
        }
        return paths;
    }
}
