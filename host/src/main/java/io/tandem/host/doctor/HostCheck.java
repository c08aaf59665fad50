package io.tandem.host.doctor;

import java.nio.file.Files;
import java.util.List;

/**
 * Whether a host holds the data folder's {@code host.lock} (reported, never an error), and a
 * {@code host.json} left behind by a host that did not stop cleanly.
 */
final class HostCheck implements DoctorCheck {
    static final String NAME = "host";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Finding> run(DoctorContext ctx) {
        HostProbe.State h = ctx.host();
        if (h.problem() != null) {
            return List.of(Finding.warn(NAME, "host.lock", h.problem(), "check the file's owner and permissions"));
        }
        if (h.running()) {
            return List.of(Finding.ok(NAME, "host.lock", "a host is running (pid "
                    + h.pid().map(String::valueOf).orElse("unknown") + "); checks are read-only, fixes go through it"));
        }
        if (Files.exists(ctx.dataDir().resolve("host.json"))) {
            return List.of(Finding.warn(NAME, "host.json", "no host is running, but the last one did not stop cleanly",
                    "start the host (tandem up); it recovers what was in flight"));
        }
        return List.of(Finding.ok(NAME, "host.lock", "no host is running"));
    }
}
