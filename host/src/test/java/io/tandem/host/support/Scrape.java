package io.tandem.host.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One scrape of a host's {@code GET /metrics}: the Prometheus text format read back into samples
 * keyed as written ({@code name{label="value",...}}), so a test asks for exactly the series it means.
 */
public final class Scrape {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Map<String, Double> samples;
    private final String text;

    private Scrape(String text) {
        this.text = text;
        Map<String, Double> m = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            m.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        this.samples = m;
    }

    /** Scrapes {@code http://ADMIN/metrics} and checks the answer's status and content type. */
    public static Scrape of(String admin) throws IOException, InterruptedException {
        HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create("http://" + admin + "/metrics"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(ct ->
                assertThat(ct).startsWith("text/plain; version=0.0.4"));
        return new Scrape(r.body());
    }

    /** The sample's value, 0 when the series is not (yet) there. */
    public double value(String series) {
        return samples.getOrDefault(series, 0.0);
    }

    public boolean has(String series) {
        return samples.containsKey(series);
    }

    public String text() {
        return text;
    }
}
