package io.tandem.schema.migrate;

/** One row of {@code schema_version}. */
public record AppliedMigration(int version, String name, String applied) {
}
