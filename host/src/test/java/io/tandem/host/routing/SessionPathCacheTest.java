package io.tandem.host.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.schema.ids.InvalidIdException;
import io.tandem.schema.session.SessionPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionPathCacheTest {
    @TempDir
    Path data;
    @TempDir
    Path elsewhere;

    @Test
    void anExistingFolderIsResolvedOnceAndThenServedFromTheCache() throws Exception {
        SessionPathCache cache = new SessionPathCache(data);
        Files.createDirectories(data.resolve("sessions/g1/s-1"));

        SessionPaths first = cache.of("g1", "s-1");

        assertThat(first).isEqualTo(SessionPaths.of(data, "g1", "s-1"));
        assertThat(cache.of("g1", "s-1")).isSameAs(first);
        assertThat(cache.of("g2", "s-1")).as("the group is part of the key").isNotEqualTo(first);
    }

    @Test
    void aFolderNotCreatedYetIsCheckedAgainAtTheNextMessage() throws Exception {
        SessionPathCache cache = new SessionPathCache(data);
        Files.createDirectories(data.resolve("sessions/g1"));
        assertThat(cache.of("g1", "s-new").root()).isEqualTo(data.toRealPath().resolve("sessions/g1/s-new"));

        Files.createSymbolicLink(data.resolve("sessions/g1/s-new"), elsewhere);

        assertThatThrownBy(() -> cache.of("g1", "s-new")).isInstanceOf(InvalidIdException.class)
                .hasMessageContaining("symbolic link");
    }

    @Test
    void unsafeIdsAreRefusedAsBefore() {
        SessionPathCache cache = new SessionPathCache(data);
        assertThatThrownBy(() -> cache.of("g1", "../s-1")).isInstanceOf(InvalidIdException.class);
        assertThatThrownBy(() -> cache.of("..", "s-1")).isInstanceOf(InvalidIdException.class);
    }
}
