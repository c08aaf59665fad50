package io.tandem.runner.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.runner.SessionFixture;
import io.tandem.schema.TandemException;
import io.tandem.schema.db.Durability;
import io.tandem.schema.db.Sql;
import io.tandem.schema.db.SqliteOpener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InboundReaderTest {
    /** The first bytes of a rollback journal; with them SQLite treats the file as a hot journal. */
    private static final byte[] JOURNAL_MAGIC = {(byte) 0xd9, (byte) 0xd5, 0x05, (byte) 0xf9, 0x20, (byte) 0xa1,
            0x63, (byte) 0xd7};

    @TempDir
    Path tmp;

    @Test
    void a_missing_or_schemaless_inbound_db_reads_as_nothing_for_now() throws Exception {
        Path file = tmp.resolve("inbound.db");
        try (InboundReader r = new InboundReader(file, "s")) {
            assertThat(r.read(InboundReader::maxSeq)).isEmpty();
            assertThat(r.availability()).isEqualTo(InboundReader.Availability.MISSING);
            SqliteOpener.openSession(file, Durability.PROCESS).close();
            assertThat(r.read(InboundReader::maxSeq)).isEmpty();
            assertThat(r.availability()).isEqualTo(InboundReader.Availability.EMPTY);
        }
    }

    @Test
    void a_hot_journal_reads_as_nothing_for_now_and_the_same_reader_recovers_once_the_owner_rolled_it_back()
            throws Exception {
        SessionFixture session = SessionFixture.create(tmp);
        session.insertChat("hi", true);
        Path inbound = session.paths.inboundDb();
        try (InboundReader r = new InboundReader(inbound, "s")) {
            assertThat(r.read(InboundReader::maxSeq)).contains(2L);

            byte[] journal = new byte[1024];
            System.arraycopy(JOURNAL_MAGIC, 0, journal, 0, JOURNAL_MAGIC.length);
            Files.write(session.paths.inboundJournal(), journal);
            assertThat(r.read(InboundReader::maxSeq)).isEmpty();
            assertThat(r.availability()).isEqualTo(InboundReader.Availability.RECOVERING);

            try (Connection owner = SqliteOpener.openSession(inbound, Durability.PROCESS)) {
                assertThat(Sql.longValue(owner, "SELECT count(*) FROM messages_in")).isEqualTo(1);
            }
            assertThat(session.paths.inboundJournal()).doesNotExist();
            assertThat(r.read(InboundReader::maxSeq)).contains(2L);
            assertThat(r.availability()).isEqualTo(InboundReader.Availability.OK);
        }
    }

    @Test
    void a_replaced_inbound_db_is_reopened() throws Exception {
        SessionFixture session = SessionFixture.create(tmp);
        Path inbound = session.paths.inboundDb();
        Path copy = tmp.resolve("copy.db");
        Files.copy(inbound, copy);
        session.insertChat("hi", true);
        try (InboundReader r = new InboundReader(inbound, "s")) {
            assertThat(r.read(InboundReader::maxSeq)).contains(2L);
            Files.move(copy, inbound, StandardCopyOption.REPLACE_EXISTING);
            assertThat(r.read(InboundReader::maxSeq)).contains(0L);
        }
    }

    @Test
    void a_newer_inbound_db_is_refused_with_tandem_e005() throws Exception {
        SessionFixture session = SessionFixture.create(tmp);
        try (Connection c = SqliteOpener.openSession(session.paths.inboundDb(), Durability.PROCESS)) {
            Sql.exec(c, "PRAGMA user_version = 7");
        }
        try (InboundReader r = new InboundReader(session.paths.inboundDb(), "s")) {
            assertThatThrownBy(() -> r.read(InboundReader::maxSeq)).isInstanceOf(TandemException.class)
                    .hasMessageContaining("TANDEM-E005");
        }
    }
}
