package io.tandem.host.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.admin.api.ApiResponse;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code tandem status [--json]}: the host on one screen (issue 11 section 2), from
 * {@code GET /admin/v1/status}; {@code --json} prints the resource as it came. Without a running
 * host it shows what the files say and {@code host: not running}.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "The host on one screen: process, adapters, groups, sessions, runners, sweep, last errors.")
public final class StatusCommand implements Callable<Integer> {
    @Mixin
    AdminOptions options;

    @Override
    public Integer call() throws Exception {
        ApiResponse resp = Verbs.send(options, "GET", null, Map.of(), "status");
        JsonNode body = (JsonNode) resp.body();
        if (resp.status() >= 400 || options.json) {
            return Output.print(resp, options);
        }
        System.out.print(StatusScreen.render(body));
        System.out.flush();
        return 0;
    }
}
