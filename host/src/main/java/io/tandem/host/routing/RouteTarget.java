package io.tandem.host.routing;

import io.tandem.host.central.Rows.SessionRow;
import io.tandem.host.session.SessionFolders;

/** One session a routed message goes to, whether it triggers the agent, and its routing row. */
record RouteTarget(SessionRow session, boolean trigger, SessionFolders.Routing routing) {
}
