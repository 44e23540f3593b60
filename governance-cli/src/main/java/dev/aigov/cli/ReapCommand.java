package dev.aigov.cli;

import dev.aigov.build.BuildRef;
import dev.aigov.credentials.CredentialBroker;
import dev.aigov.credentials.LeaseJournal;
import dev.aigov.ledger.Event;
import dev.aigov.ledger.Events;
import dev.aigov.ledger.Ledger;
import dev.aigov.ledger.LedgerEvent;
import dev.aigov.ledger.LedgerException;
import dev.aigov.ledger.LedgerVerifier;
import dev.aigov.credentials.Reaper;
import dev.aigov.policy.Policy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

@Command(name = "reap", mixinStandardHelpOptions = true,
        description = "Revoke every credential a crashed run left in the lease journal; one line per handle.")
final class ReapCommand implements Callable<Integer> {
    @Option(names = "--journal", description = "Lease journal (default: leases.journal in $AIGOV_HOME, else "
            + "$XDG_STATE_HOME/aigov, else ~/.local/state/aigov).")
    Path journal;

    @Option(names = "--keys", description = "JWT key store (default: jwt-keys in the same state directory).")
    Path keys;

    @Option(names = "--policy", description = "Policy file (default: the built-in policy).")
    Path policyFile;

    @Option(names = "--ledger", paramLabel = "FILE", description = "The crashed build's ledger: each revocation of one of "
            + "its credentials is recorded there (credential.revoked, or credential.revoke-failed), so its report no "
            + "longer says NOT_REVOKED. Leases of other runs are revoked but not recorded in it.")
    Path ledgerFile;

    @Override
    public Integer call() throws IOException {
        Map<String, String> env = System.getenv();
        Policy policy = Policies.load(policyFile);
        LeaseJournal leases = new LeaseJournal(Locations.journal(journal));
        List<LeaseJournal.Entry> outstanding = leases.outstanding();
        BuildRef owner = ledgerOwner();
        if (outstanding.isEmpty()) {
            System.out.println("nothing to reap in " + leases.file());
            return ExitCodes.OK;
        }
        Set<String> ids = outstanding.stream().map(e -> e.handle().provider()).collect(Collectors.toSet());
        Reaper reaper = new Reaper(Providers.create(ids, policy, Locations.keys(keys, env), env, false), leases);
        int failed = 0;
        boolean unrecorded = false;
        for (Reaper.Outcome outcome : reaper.reap()) {
            LeaseJournal.Entry entry = outcome.entry();
            String what = entry.handle().provider() + ":" + entry.handle().id() + " role=" + entry.role()
                    + " run=" + entry.run();
            if (outcome.revoked()) {
                System.out.println("revoked " + what);
            } else {
                failed++;
                System.out.println("FAILED  " + what + ": " + outcome.failure());
            }
            if (owner != null && owner.runId().equals(entry.run())) {
                Event event = outcome.revoked() ? Events.credentialRevoked(entry.handle(), entry.role(), Instant.now())
                        : Events.credentialRevokeFailed(entry.handle(), entry.role(), CredentialBroker.REVOKE_ATTEMPTS,
                        outcome.failure());
                try {
                    Ledger.open(ledgerFile, owner).append(AuditLog.cliActor(), event);
                } catch (LedgerException e) {
                    unrecorded = true;
                    System.err.println("aigov: ERROR: cannot record " + event.type() + " in " + ledgerFile + ": " + e.getMessage());
                }
            }
        }
        if (unrecorded && failed == 0) {
            return ExitCodes.ERROR;
        }
        if (failed > 0) {
            System.err.println("aigov: " + failed + " of " + outstanding.size() + " leases could not be revoked; "
                    + "they stay in " + leases.file());
            return ExitCodes.ERROR;
        }
        return ExitCodes.OK;
    }

    /** The run whose ledger was given (its first event's), or null without --ledger. */
    private BuildRef ownerOf(Path file) {
        try {
            List<LedgerEvent> events = LedgerVerifier.read(file, null).events();
            if (events.isEmpty()) {
                throw new UsageException("ledger " + file + " holds no event: nothing to record revocations for");
            }
            return events.get(0).build();
        } catch (LedgerException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    private BuildRef ledgerOwner() {
        if (ledgerFile == null) {
            return null;
        }
        if (!java.nio.file.Files.exists(ledgerFile)) {
            System.err.println("aigov: no ledger at " + ledgerFile + ": revocations are not recorded");
            return null;
        }
        return ownerOf(ledgerFile);
    }
}
