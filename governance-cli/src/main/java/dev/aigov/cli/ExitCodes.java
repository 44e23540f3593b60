package dev.aigov.cli;

/** The CLI's exit codes: a contract other CI systems script against. */
public final class ExitCodes {
    public static final int OK = 0;
    /** Runtime failure that is not the input's fault (e.g. revocation failed). */
    public static final int ERROR = 1;
    /** Bad usage or bad input (unknown option, invalid policy, missing range). */
    public static final int USAGE = 2;
    public static final int APPROVAL_REQUIRED = 10;
    public static final int FAIL = 20;
    public static final int APPROVAL_REFUSED = 30;
    public static final int LEDGER_TAMPERED = 40;
    public static final int LEDGER_UNSEALED = 41;
    /** Intact and sealed, but the sealing key is not pinned (no --public-key, not in the policy's ledger.trustedKeys). */
    public static final int LEDGER_UNPINNED = 42;

    private ExitCodes() {
    }
}
