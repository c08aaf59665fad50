package io.tandem.runner.loop;

/**
 * UTF-8 length of a string without encoding it: the output limit counts bytes as they land in
 * outbound.db, and a 400 KB reply should not cost a 400 KB copy just to be measured.
 */
final class Utf8 {
    private Utf8() {
    }

    static long length(CharSequence s) {
        long n = 0;
        int len = s.length();
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
