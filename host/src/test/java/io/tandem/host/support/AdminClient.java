package io.tandem.host.support;

import io.tandem.schema.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.time.Duration;

/** The admin API of a running host over loopback HTTP, with the data folder's bearer token. */
public final class AdminClient {
    private final ChatClient http;
    private final String base;
    private final String token;

    public AdminClient(HostProcess host) throws IOException {
        this.base = "http://" + host.admin() + "/admin/v1/";
        this.http = new ChatClient("http://" + host.admin());
        this.token = Files.readString(host.dataDir().resolve("admin.token")).strip();
    }

    public ChatClient.Reply call(String method, String path, Object body) throws IOException, InterruptedException {
        return callWith("Bearer " + token, method, path, body);
    }

    public ChatClient.Reply callWith(String authorization, String method, String path, Object body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : Json.write(body)));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build());
    }

}
