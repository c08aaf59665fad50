package io.tandem.host.approvals;

/**
 * Whether a click on an approval card counts (DESIGN 5.7). Http sender ids are self-asserted, so
 * a click must carry the admin token; then only the card's approver, or an owner or admin of the
 * group, may answer. Pure decision over facts the caller looked up.
 */
public final class ClickPolicy {
    private ClickPolicy() {
    }

    public enum Verdict {
        /** No such card (404). */
        UNKNOWN,
        /** The card was answered already (409). */
        ANSWERED,
        /** The admin token is missing or wrong (401). */
        UNAUTHENTICATED,
        /** Someone else clicked (403, logged). */
        FORBIDDEN,
        /** The value is neither allow nor deny (400). */
        BAD_VALUE,
        ALLOW,
        DENY
    }

    /**
     * @param pending the card is still open
     * @param answered the card existed and was answered
     * @param tokenOk the request carried the admin token
     * @param isApprover the clicker is the card's approver
     * @param isAdminOfGroup the clicker is owner, global admin or admin of the card's group
     * @param value the clicked option
     */
    public static Verdict decide(boolean pending, boolean answered, boolean tokenOk, boolean isApprover,
                                 boolean isAdminOfGroup, String value) {
        if (!tokenOk) {
            return Verdict.UNAUTHENTICATED;
        }
        if (!pending) {
            return answered ? Verdict.ANSWERED : Verdict.UNKNOWN;
        }
        if (!isApprover && !isAdminOfGroup) {
            return Verdict.FORBIDDEN;
        }
        if ("allow".equalsIgnoreCase(value)) {
            return Verdict.ALLOW;
        }
        if ("deny".equalsIgnoreCase(value)) {
            return Verdict.DENY;
        }
        return Verdict.BAD_VALUE;
    }
}
