package io.tandem.schema.rows;

/** {@code pending_approvals.status}: an agent's request waits, then is decided or expires once. */
public enum ApprovalStatus implements WireValue {
    PENDING("pending"),
    APPROVED("approved"),
    REJECTED("rejected"),
    EXPIRED("expired");

    private final String wire;

    ApprovalStatus(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    public static ApprovalStatus fromWire(String value) {
        return WireValue.parse(ApprovalStatus.class, value);
    }
}
