package io.tandem.schema.seq;

/**
 * Which side minted a seq. The host mints even seq into {@code messages_in}, the container odd seq
 * into {@code messages_out}; parity alone says which table {@code seq = N} names.
 */
public enum Parity {
    EVEN,
    ODD;

    public static Parity of(long seq) {
        return seq % 2 == 0 ? EVEN : ODD;
    }

    public boolean matches(long seq) {
        return seq > 0 && of(seq) == this;
    }

    /** The smallest seq of this parity strictly greater than {@code max}. */
    public long next(long max) {
        return this == EVEN ? (max / 2 + 1) * 2 : ((max + 1) / 2) * 2 + 1;
    }

    /** {@link #next} as a SQL expression over {@code maxExpr}, for use inside the INSERT. */
    String nextSql(String maxExpr) {
        return this == EVEN ? "((" + maxExpr + ")/2+1)*2" : "(((" + maxExpr + ")+1)/2)*2+1";
    }
}
