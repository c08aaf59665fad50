package io.tandem.host.admin.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.List;
import java.util.Map;

/**
 * One admin request, independent of transport: the method, the path segments after
 * {@code /admin/v1}, the query and the parsed JSON body. The HTTP server builds it from a request;
 * the CLI builds it from a verb and either sends it over HTTP or hands it to {@link AdminApi}
 * directly, so both paths run the same operation.
 */
public record ApiRequest(String method, List<String> path, Map<String, String> query, JsonNode body) {
    public ApiRequest {
        path = List.copyOf(path);
        query = Map.copyOf(query);
        body = body == null ? NullNode.getInstance() : body;
    }

    public String segment(int i) {
        return i < path.size() ? path.get(i) : null;
    }

    public String describe() {
        return method + " /admin/v1/" + String.join("/", path);
    }

    public boolean is(String m, int segments) {
        return method.equals(m) && path.size() == segments;
    }

    public String query(String name) {
        String v = query.get(name);
        return v == null || v.isEmpty() ? null : v;
    }
}
