package io.tandem.host.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The disk verdict as a table: warn under 10 % or 1 GiB free, error under 2 %. */
class DiskCheckTest {
    private static final long G = DiskCheck.GIB;

    @ParameterizedTest(name = "{0} of {1} MiB free -> {2}")
    @CsvSource({
        "512000, 1024000, OK",      // 50 % of ~1 TB
        "102400, 1024000, OK",      // exactly 10 %
        "102399, 1024000, WARN",    // just under 10 %
        "20480,  1024000, WARN",    // exactly 2 %
        "20479,  1024000, ERROR",   // just under 2 %
        "0,      1024000, ERROR",
        "1023,   2048,    WARN",    // half free, but under 1 GiB
        "1024,   2048,    OK",      // 1 GiB free of 2 GiB
        "0,      0,       OK",      // a filesystem that reports no size (pseudo fs): nothing to judge
    })
    void verdict(long freeMib, long totalMib, Severity expected) {
        assertThat(DiskCheck.verdict(freeMib * (G / 1024), totalMib * (G / 1024))).isEqualTo(expected);
    }
}
