package io.tandem.host.doctor;

import java.util.List;

/**
 * One check of {@code tandem doctor}. Read-only: it opens SQLite files with {@code mode=ro}, never
 * creates a missing file, keeps connections short (so it is safe while a host runs) and reports
 * what it finds instead of throwing.
 */
public interface DoctorCheck {
    /** The name findings are grouped under (e.g. {@code central}). */
    String name();

    List<Finding> run(DoctorContext ctx);
}
