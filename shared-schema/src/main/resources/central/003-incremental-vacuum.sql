-- tandem: outside-transaction
-- Retention deletes old rows; with auto_vacuum=INCREMENTAL the sweep gives the freed pages back to
-- the file system with PRAGMA incremental_vacuum. Changing auto_vacuum on an existing database
-- takes a VACUUM, which cannot run inside a transaction, hence the marker above. Idempotent.
PRAGMA auto_vacuum = INCREMENTAL;
VACUUM;
