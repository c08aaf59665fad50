package io.tandem.schema.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tandem.schema.testsupport.ChildJvm;
import io.tandem.schema.testsupport.HoldFileLockMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExclusiveFileLockTest {
    private static final Duration START = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void aLockHeldByAnotherProcessIsNotFreeAndCannotBeTakenUntilThatProcessDies() throws Exception {
        Path lockFile = dir.resolve("host.lock");
        try (ChildJvm holder = ChildJvm.start(HoldFileLockMain.class, lockFile.toString())) {
            holder.awaitLine("locked", START);

            assertThat(ExclusiveFileLock.isFree(lockFile)).isFalse();
            assertThat(ExclusiveFileLock.tryAcquire(lockFile)).isEmpty();
            assertThat(ExclusiveFileLock.readPid(lockFile)).as("the pid the holder wrote through its channel")
                    .contains(holder.pid());
            // probing did not take the lock away from the holder
            assertThat(ExclusiveFileLock.isFree(lockFile)).isFalse();

            holder.kill();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> ExclusiveFileLock.isFree(lockFile));
        Optional<ExclusiveFileLock> mine = ExclusiveFileLock.tryAcquire(lockFile);
        assertThat(mine).isPresent();
        mine.get().close();
    }

    @Test
    void aLockReleasedByItsHolderCanBeTakenAndAThirdProcessIsThenRefused() throws Exception {
        Path lockFile = dir.resolve("runner.lock");
        try (ChildJvm first = ChildJvm.start(HoldFileLockMain.class, lockFile.toString())) {
            first.awaitLine("locked", START);
            try (ChildJvm second = ChildJvm.start(HoldFileLockMain.class, lockFile.toString())) {
                second.awaitLine("busy", START);
                assertThat(second.awaitExit(START)).isEqualTo(2);
            }
            first.send("release");
            first.awaitLine("released", START);
            assertThat(first.awaitExit(START)).isZero();
        }
        assertThat(ExclusiveFileLock.isFree(lockFile)).isTrue();
        try (ExclusiveFileLock mine = ExclusiveFileLock.tryAcquire(lockFile).orElseThrow()) {
            mine.writePid(4242);
            try (ChildJvm other = ChildJvm.start(HoldFileLockMain.class, lockFile.toString())) {
                other.awaitLine("busy", START);
                assertThat(other.awaitExit(START)).isEqualTo(2);
            }
        }
        assertThat(ExclusiveFileLock.readPid(lockFile)).contains(4242L);
    }

    @Test
    void anAbsentLockFileIsFreeAndASymlinkedOneIsNeverFreeNorTaken() throws Exception {
        Path absent = dir.resolve("absent.lock");
        assertThat(ExclusiveFileLock.isFree(absent)).isTrue();
        assertThat(ExclusiveFileLock.readPid(absent)).isEmpty();

        Path target = Files.writeString(dir.resolve("admin.token"), "secret");
        Path link = Files.createSymbolicLink(dir.resolve("runner.lock"), target);
        assertThat(ExclusiveFileLock.isFree(link)).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ExclusiveFileLock.tryAcquire(link))
                .isInstanceOf(java.io.IOException.class);
        assertThat(Files.readString(target)).isEqualTo("secret");
    }

    @Test
    void aSecondHolderInTheSameJvmIsRefusedAndProbingDoesNotDropTheFirstHoldersLock() throws Exception {
        Path lockFile = dir.resolve("out").resolve("runner.lock");
        Files.createDirectories(lockFile.getParent());
        try (ExclusiveFileLock first = ExclusiveFileLock.tryAcquire(lockFile).orElseThrow()) {
            first.writePid(4242);
            // a shared runner JVM starting the same session twice: held, not an OverlappingFileLockException
            assertThat(ExclusiveFileLock.tryAcquire(lockFile)).isEmpty();
            assertThat(ExclusiveFileLock.tryAcquire(dir.resolve("out/../out/runner.lock"))).isEmpty();
            assertThat(ExclusiveFileLock.isFree(lockFile)).isFalse();
            assertThat(ExclusiveFileLock.readPid(lockFile)).contains(4242L);
            // none of that opened and closed the file, which would have dropped the process's lock
            try (ChildJvm other = ChildJvm.start(HoldFileLockMain.class, lockFile.toString())) {
                other.awaitLine("busy", START);
                assertThat(other.awaitExit(START)).isEqualTo(2);
            }
        }
        try (ExclusiveFileLock again = ExclusiveFileLock.tryAcquire(lockFile).orElseThrow()) {
            assertThat(ExclusiveFileLock.isFree(lockFile)).isFalse();
        }
        assertThat(ExclusiveFileLock.isFree(lockFile)).isTrue();
    }
}
