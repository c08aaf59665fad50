package io.tandem.host.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.admin.api.ApiRequest;
import io.tandem.host.admin.api.ApiResponse;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** What every admin verb does: build the request, send it through {@link AdminClient}, print it. */
final class Verbs {
    private Verbs() {
    }

    static ApiResponse send(AdminOptions o, String method, JsonNode body, Map<String, String> query, String... path)
            throws Exception {
        return AdminClient.call(o.dataDir(), new ApiRequest(method, Arrays.asList(path), query, body));
    }

    static int run(AdminOptions o, String method, JsonNode body, String[] columns, String... path) throws Exception {
        return Output.print(send(o, method, body, Map.of(), path), o, columns);
    }

    static int list(AdminOptions o, Map<String, String> query, String[] columns, String... path) throws Exception {
        return Output.print(send(o, "GET", null, query, path), o, columns);
    }

    static Map<String, String> query(String... kv) {
        Map<String, String> q = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            if (kv[i + 1] != null) {
                q.put(kv[i], kv[i + 1]);
            }
        }
        return q;
    }

    static String[] cols(String... c) {
        return c;
    }
}
