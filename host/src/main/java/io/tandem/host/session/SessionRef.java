package io.tandem.host.session;

import io.tandem.schema.session.SessionPaths;

/** A session the host works on: its ids and its folder (ids already validated by SessionPaths). */
public record SessionRef(String sessionId, String agentGroupId, SessionPaths paths) {
}
