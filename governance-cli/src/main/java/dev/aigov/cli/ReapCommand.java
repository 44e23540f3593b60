package dev.aigov.cli;

import dev.aigov.credentials.LeaseJournal;
import dev.aigov.credentials.Reaper;
import dev.aigov.policy.Policy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

@Command(name = "reap", mixinStandardHelpOptions = true,
        description = "Revoke every credential a crashed run left in the lease journal; one line per handle "
                + "('revoked PROVIDER:ID role=... run=...' or 'FAILED  ...: reason'). Sets no variables and runs no command.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:Every outstanding handle was revoked, or there was nothing to reap",
                "1:At least one could not be revoked; it stays in the journal for the next reap",
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

    @Override
    public Integer call() throws IOException {
        Map<String, String> env = System.getenv();
        Policy policy = Policies.load(policyFile);
        LeaseJournal leases = new LeaseJournal(Locations.journal(journal));
        List<LeaseJournal.Entry> outstanding = leases.outstanding();
        if (outstanding.isEmpty()) {
            System.out.println("nothing to reap in " + leases.file());
            return ExitCodes.OK;
        }
        Set<String> ids = outstanding.stream().map(e -> e.handle().provider()).collect(Collectors.toSet());
        Reaper reaper = new Reaper(Providers.create(ids, policy, Locations.keys(keys, env), env, false), leases);
        int failed = 0;
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
        }
        if (failed > 0) {
            System.err.println("aigov: " + failed + " of " + outstanding.size() + " leases could not be revoked; "
                    + "they stay in " + leases.file());
            return ExitCodes.ERROR;
        }
        return ExitCodes.OK;
    }
}
