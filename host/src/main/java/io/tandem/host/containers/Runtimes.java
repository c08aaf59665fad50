package io.tandem.host.containers;

import io.tandem.host.central.AgentGroupStore;
import io.tandem.host.central.Rows.ContainerConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.EnumSet;
import io.tandem.schema.rows.RuntimeKind;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * The runtimes of this host and which one a group uses: the group's own
 * ({@code container_configs.runtime}) when set, else {@code containers.runtime}. A runtime that is
 * not registered here is refused with the group and the setting named, never replaced by another.
 */
public final class Runtimes {
    private final RuntimeKind defaultKind;
    private final Map<RuntimeKind, ContainerRuntime> byKind = new EnumMap<>(RuntimeKind.class);

    public Runtimes(RuntimeKind defaultKind, Collection<ContainerRuntime> runtimes) {
        this.defaultKind = defaultKind;
        runtimes.forEach(r -> byKind.put(r.kind(), r));
    }

    /** Which runtime a group runs under: a pure function of the default and its row. */
    public static RuntimeKind choose(RuntimeKind defaultKind, ContainerConfig row) {
        return row != null && row.runtime() != null ? row.runtime() : defaultKind;
    }

    public ContainerRuntime forGroup(String groupId, ContainerConfig row) {
        RuntimeKind kind = choose(defaultKind, row);
        ContainerRuntime r = byKind.get(kind);
        if (r == null) {
            String source = row != null && row.runtime() != null ? "group " + groupId + "'s runtime"
                    : "containers.runtime (group " + groupId + ")";
            throw new IllegalStateException(source + " is '" + kind.wire() + "', which this host does not run");
        }
        return r;
    }

    /**
     * At host start, for the runtimes in use ({@code inUse}: the default and every group's own):
     * bwrap is probed (and says at once whether its groups can run), docker's orphans of this
     * install are killed.
     */
    public void prepare(Set<RuntimeKind> inUse) {
        for (RuntimeKind k : inUse) {
            ContainerRuntime r = byKind.get(k);
            if (r instanceof BwrapRuntime b) {
                b.availability();
            } else if (r instanceof DockerRuntime d) {
                d.killOrphans();
            }
        }
    }

    /** The default and every group's own runtime, read from central. */
    public Set<RuntimeKind> inUse(Connection c, AgentGroupStore groups) throws SQLException {
        Set<RuntimeKind> out = EnumSet.of(defaultKind);
        for (var g : groups.agentGroups(c)) {
            groups.containerConfig(c, g.id()).map(ContainerConfig::runtime).ifPresent(out::add);
        }
        return out;
    }

    /** Host stop, after the supervisor stopped every runner: each runtime releases what it holds. */
    public void close() {
        byKind.values().forEach(ContainerRuntime::close);
    }

    public RuntimeKind defaultKind() {
        return defaultKind;
    }
}
