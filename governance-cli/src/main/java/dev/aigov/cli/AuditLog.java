package dev.aigov.cli;

import dev.aigov.build.BuildRef;
import dev.aigov.ledger.Event;
import dev.aigov.ledger.Ledger;
import dev.aigov.ledger.LedgerException;

import java.nio.file.Path;

/**
 * The build's ledger given with {@code --ledger FILE}, or nothing. Commands record what they did through it; a
 * ledger that cannot take the event (sealed, torn, another build's, unwritable) stops the command, because an
 * action that cannot be recorded must not happen unrecorded.
 */
final class AuditLog {
    private final Ledger ledger;

    private AuditLog(Ledger ledger) {
        this.ledger = ledger;
    }

    static AuditLog open(Path file, BuildRef build) {
        if (file == null) {
            return new AuditLog(null);
        }
        try {
            return new AuditLog(Ledger.open(file, build));
        } catch (LedgerException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    boolean enabled() {
        return ledger != null;
    }

    /** Appends the event; throws {@link LedgerException} when the ledger refuses it. */
    void record(String actor, Event event) {
        if (ledger != null) {
            ledger.append(actor, event);
        }
    }

    /** The actor the CLI records for its own actions: the operating-system user running it. */
    static String cliActor() {
        return "aigov:" + System.getProperty("user.name", "unknown");
    }
}
