package dev.aigov.cli;

import dev.aigov.build.BuildRef;
import dev.aigov.credentials.LeaseJournal;
import dev.aigov.ledger.Events;
import dev.aigov.ledger.LedgerException;
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
        description = "Clean up after a crashed or killed 'aigov exec': for each credential the lease journal still lists, "
                + "end the command it was handed to (its process group, only if the recorded pid and start time still "
                + "match), remove its token files, revoke it, and with --ledger record credential.revoked. One line per "
                + "handle ('revoked PROVIDER:ID role=... run=...' or 'FAILED  ...: reason'); each journal line that cannot "
                + "be read is reported by number and the others are still reaped. Sets no variables and runs no command.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:Every outstanding handle was revoked and every journal line read, or there was nothing to reap",
                "1:At least one could not be revoked (it stays in the journal for the next reap), a journal line was "
                        + "unreadable, or the ledger refused an event",
                "2:Bad usage or an invalid policy"},
        footerHeading = "%nEnvironment read:%n",
        footer = {"  VAULT_ADDR and VAULT_TOKEN, VAULT_ROLE_ID + VAULT_SECRET_ID or VAULT_JWT_ROLE",
                "  (for vault handles); AIGOV_HOME (the JWT key store)"})
final class ReapCommand implements Callable<Integer> {
    @Option(names = "--journal", description = "Lease journal (default: leases.journal in $AIGOV_HOME, else "
            + "$XDG_STATE_HOME/aigov, else ~/.local/state/aigov).")
    Path journal;

    @Option(names = "--keys", description = "JWT key store (default: jwt-keys in the same state directory).")
    Path keys;

    @Option(names = "--policy", description = "Policy file (default: the built-in policy).")
    Path policyFile;

    @Option(names = "--ledger", paramLabel = "FILE", description = "The crashed build's audit ledger: each revocation "
            + "of one of its credentials is appended as credential.revoked; leases of other runs are revoked, not recorded there.")
    Path ledgerFile;

    @Override
    public Integer call() throws IOException {
        Map<String, String> env = System.getenv();
        Policy policy = Policies.load(policyFile);
        LeaseJournal leases = new LeaseJournal(Locations.journal(journal));
        LeaseJournal.Contents contents = leases.read();
        for (LeaseJournal.Unreadable line : contents.unreadable()) {
            System.out.println("UNREADABLE " + leases.file() + ":" + line.line() + ": " + Terminal.visible(line.problem()));
        }
        if (contents.outstanding().isEmpty()) {
            System.out.println("nothing to reap in " + leases.file());
            return contents.unreadable().isEmpty() ? ExitCodes.OK : unreadable(contents, leases);
        }
        Set<String> ids = contents.outstanding().stream().map(e -> e.handle().provider()).collect(Collectors.toSet());
        Reaper reaper = new Reaper(Providers.create(ids, policy, Locations.keys(keys, env), env, false), leases);
        int failed = 0;
        Reaper.Result result = reaper.reapAll();
        for (Reaper.Outcome outcome : result.outcomes()) {
            LeaseJournal.Entry entry = outcome.entry();
            String what = Terminal.visible(entry.handle().provider() + ":" + entry.handle().id() + " role=" + entry.role()
                    + " run=" + entry.run());
            for (String note : outcome.cleanup()) {
                System.out.println("  " + Terminal.visible(note));
            }
            if (outcome.revoked()) {
                System.out.println("revoked " + what);
                if (!record(entry)) {
                    failed++;
                }
            } else {
                failed++;
                System.out.println("FAILED  " + what + ": " + Terminal.visible(outcome.failure()));
            }
        }
        if (failed > 0) {
            System.err.println("aigov: " + failed + " of " + result.outcomes().size() + " leases could not be revoked or "
                    + "recorded; they stay in " + leases.file());
            return ExitCodes.ERROR;
        }
        return contents.unreadable().isEmpty() ? ExitCodes.OK : unreadable(contents, leases);
    }

    private static int unreadable(LeaseJournal.Contents contents, LeaseJournal leases) {
        System.err.println("aigov: " + contents.unreadable().size() + " line(s) of " + leases.file()
                + " could not be read; whatever they held was not reaped");
        return ExitCodes.ERROR;
    }

    /** Appends credential.revoked to the ledger when one is given; false when the ledger refused it. */
    private boolean record(LeaseJournal.Entry entry) {
        if (ledgerFile == null) {
            return true;
        }
        String owner = ledgerRun();
        if (owner != null && !owner.equals(entry.run())) {
            System.out.println("  not recorded in " + Terminal.visible(ledgerFile.toString()) + ": the lease is run "
                    + Terminal.visible(entry.run()) + "'s, the ledger run " + Terminal.visible(owner) + "'s");
            return true;
        }
        int hash = entry.run().lastIndexOf('#');
        BuildRef build = hash < 0 ? new BuildRef(entry.run(), "", "", "")
                : new BuildRef(entry.run().substring(0, hash), entry.run().substring(hash + 1), "", "");
        try {
            AuditLog.open(ledgerFile, build).record(AuditLog.cliActor(),
                    Events.credentialRevoked(entry.handle(), entry.role(), Instant.now()));
            return true;
        } catch (LedgerException | UsageException e) {
            System.err.println("aigov: ERROR: cannot record credential.revoked in " + ledgerFile + ": " + e.getMessage());
            return false;
        }
    }

    /** The run the ledger belongs to (its first event's), or null when it holds no event yet. */
    private String ledgerRun() {
        if (!java.nio.file.Files.exists(ledgerFile)) {
            return null;
        }
        try {
            List<dev.aigov.ledger.LedgerEvent> events = dev.aigov.ledger.LedgerVerifier.read(ledgerFile, null).events();
            return events.isEmpty() ? null : events.get(0).build().runId();
        } catch (LedgerException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }
}
