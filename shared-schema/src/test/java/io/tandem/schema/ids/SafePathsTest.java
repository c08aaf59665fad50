package io.tandem.schema.ids;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SafePathsTest {
    @TempDir
    Path tmp;
    Path root;
    Path outside;

    @org.junit.jupiter.api.BeforeEach
    void dirs() throws Exception {
        root = Files.createDirectories(tmp.resolve("data"));
        outside = Files.createDirectories(tmp.resolve("elsewhere"));
    }

    @Test
    void safeComponentsResolveBelowTheRealRootWhetherOrNotTheyExist() throws Exception {
        Path realRoot = root.toRealPath();
        assertThat(SafePaths.resolve(root, "sessions", "ag-1", "s-1"))
                .isEqualTo(realRoot.resolve("sessions").resolve("ag-1").resolve("s-1"));
        Files.createDirectories(root.resolve("sessions/ag-1/s-1"));
        assertThat(SafePaths.resolve(root, "sessions", "ag-1", "s-1"))
                .isEqualTo(realRoot.resolve("sessions/ag-1/s-1"));
    }

    @Test
    void aRootThatIsItselfASymlinkIsResolvedToItsRealPath() throws Exception {
        Path linkedRoot = Files.createSymbolicLink(tmp.resolve("data-link"), root);
        assertThat(SafePaths.resolve(linkedRoot, "sessions", "ag")).isEqualTo(root.toRealPath().resolve("sessions/ag"));
    }

    @Test
    void aSymlinkedSessionFolderIsRefusedEvenWhenItPointsInsideTheRoot() throws Exception {
        Path ag = Files.createDirectories(root.resolve("sessions/ag"));
        Files.createDirectories(ag.resolve("real"));
        Files.createSymbolicLink(ag.resolve("link"), ag.resolve("real"));
        Files.createSymbolicLink(ag.resolve("away"), outside);
        assertThat(SafePaths.resolve(root, "sessions", "ag", "real")).isEqualTo(ag.toRealPath().resolve("real"));
        assertThatThrownBy(() -> SafePaths.resolve(root, "sessions", "ag", "link"))
                .isInstanceOf(InvalidIdException.class).hasMessageContaining("symbolic link");
        assertThatThrownBy(() -> SafePaths.resolve(root, "sessions", "ag", "away"))
                .isInstanceOf(InvalidIdException.class);
        assertThatThrownBy(() -> SafePaths.resolve(root, "sessions", "ag", "away", "inbound.db"))
                .isInstanceOf(InvalidIdException.class);
    }

    @Test
    void aSymlinkEscapingTheRootHalfWayDownIsRefused() throws Exception {
        Files.createDirectories(outside.resolve("ag/s-1"));
        Files.createSymbolicLink(root.resolve("sessions"), outside);
        assertThatThrownBy(() -> SafePaths.resolve(root, "sessions", "ag", "s-1"))
                .isInstanceOf(InvalidIdException.class);
        assertThatThrownBy(() -> SafePaths.resolve(root, "sessions")).isInstanceOf(InvalidIdException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", ".", "../elsewhere", "a/../..", "", "/etc"})
    void hostileComponentsAreRefusedBeforeTouchingTheFileSystem(String part) {
        assertThatThrownBy(() -> SafePaths.resolve(root, "sessions", part)).isInstanceOf(InvalidIdException.class);
    }

    private static final String[] TOKENS = {"a", "Z", "7", "s-01", ".", "..", "-", "_", "/", "\\", "\u0000", "\n",
        " ", "\u00e9", "%2e", "%2f", "~", "/..", "../"};

    /** Seeded, repeatable fuzzing of requireSafe against an independent reading of the rule. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void whateverRequireSafeAcceptsResolvesInsideTheRootAndEverythingElseIsRefused(int seed) throws Exception {
        Random random = new Random(seed);
        Path realRoot = root.toRealPath();
        int accepted = 0;
        int refused = 0;
        for (int n = 0; n < 400; n++) {
            String id = randomId(random);
            Throwable t = catchThrowable(() -> Ids.requireSafe("id", id));
            assertThat(t == null).as("requireSafe(%s) vs the rule", printable(id)).isEqualTo(followsTheRule(id));
            if (t == null) {
                accepted++;
                Path p = SafePaths.resolve(root, "sessions", id, id);
                assertThat(p.normalize()).isEqualTo(p);
                assertThat(p.startsWith(realRoot)).as("%s inside %s", p, realRoot).isTrue();
                assertThat(p.getParent().getParent()).isEqualTo(realRoot.resolve("sessions"));
                assertThat(p.getFileName().toString()).isEqualTo(id);
            } else {
                refused++;
                assertThat(t).isInstanceOf(InvalidIdException.class);
                assertThat(catchThrowable(() -> SafePaths.resolve(root, "sessions", id)))
                        .isInstanceOf(InvalidIdException.class);
            }
        }
        assertThat(accepted).as("the sample exercises acceptance").isPositive();
        assertThat(refused).as("the sample exercises refusal").isPositive();
    }

    private static String randomId(Random random) {
        if (random.nextInt(20) == 0) {
            return "a".repeat(120 + random.nextInt(20));
        }
        StringBuilder b = new StringBuilder();
        int tokens = random.nextInt(7);
        for (int i = 0; i < tokens; i++) {
            // bias towards safe characters so that acceptance is exercised too
            b.append(random.nextInt(3) == 0 ? TOKENS[random.nextInt(TOKENS.length)] : TOKENS[random.nextInt(8)]);
        }
        return b.toString();
    }

    /** The §1 rule read literally, without the production regex. */
    private static boolean followsTheRule(String id) {
        if (id.isEmpty() || id.length() > 128 || id.equals(".") || id.equals("..")) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!(alnum || (i > 0 && (c == '.' || c == '_' || c == '-')))) {
                return false;
            }
        }
        return true;
    }

    private static String printable(String s) {
        return s.replace("\u0000", "\\0").replace("\n", "\\n");
    }
}
