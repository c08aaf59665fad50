package io.tandem.host.admin.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.schema.json.Json;
import io.vertx.core.http.HttpServerRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The admin API over HTTP: checks the bearer token (constant-time; a missing or wrong one is 401
 * before anything is read), reads the JSON body (at most {@link #MAX_BODY} bytes), builds an
 * {@link ApiRequest} and writes {@link AdminApi}'s answer. Nothing here blocks the event loop:
 * the work runs on the central lanes and the answer is written when it completes.
 */
public final class AdminHttp {
    public static final String PREFIX = "/admin/v1/";
    static final int MAX_BODY = 1 << 20;

    private final AdminApi api;
    private final byte[] token;

    public AdminHttp(AdminApi api, String token) {
        this.api = api;
        this.token = token.strip().getBytes(StandardCharsets.UTF_8);
    }

    public void handle(HttpServerRequest req) {
        if (!authorised(req.getHeader("Authorization"))) {
            reply(req, AdminApi.error(new ApiException(401, "unauthorized",
                    "missing or wrong bearer token (see <data>/admin.token)")));
            return;
        }
        List<String> path = new ArrayList<>();
        for (String s : req.path().substring(PREFIX.length()).split("/")) {
            if (!s.isEmpty()) {
                path.add(URLDecoder.decode(s, StandardCharsets.UTF_8));
            }
        }
        Map<String, String> query = new LinkedHashMap<>();
        req.params().forEach(e -> query.put(e.getKey(), e.getValue()));
        req.body().onSuccess(buf -> {
            if (buf.length() > MAX_BODY) {
                reply(req, AdminApi.error(new ApiException(413, "too_large", "request body over 1 MiB")));
                return;
            }
            JsonNode body = null;
            if (buf.length() > 0) {
                try {
                    body = Json.parse(buf.toString(StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    reply(req, AdminApi.error(ApiException.badRequest("the request body is not JSON: "
                            + e.getMessage())));
                    return;
                }
            }
            api.handle(new ApiRequest(req.method().name(), path, query, body)).thenAccept(resp -> reply(req, resp));
        }).onFailure(err -> reply(req, AdminApi.error(ApiException.badRequest("cannot read the body"))));
    }

    private boolean authorised(String header) {
        if (header == null || !header.startsWith("Bearer ")) {
            return false;
        }
        byte[] given = header.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, token) && token.length > 0;
    }

    private static void reply(HttpServerRequest req, ApiResponse resp) {
        req.response().setStatusCode(resp.status()).putHeader("content-type", "application/json")
                .end(Json.write(resp.body()));
    }

}
