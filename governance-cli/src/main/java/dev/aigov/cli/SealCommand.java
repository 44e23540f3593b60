package dev.aigov.cli;

import dev.aigov.ledger.Ledger;
import dev.aigov.ledger.LedgerEvent;
import dev.aigov.ledger.LedgerException;
import dev.aigov.ledger.LedgerKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "seal", mixinStandardHelpOptions = true, description = "Seal a ledger with an Ed25519 signature over "
        + "its head hash and event count; nothing can be appended afterwards.")
final class SealCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--ledger", required = true, paramLabel = "FILE", description = "The build's ledger (JSON Lines).")
    Path ledger;

    @Option(names = "--key", paramLabel = "FILE", description = "Ed25519 signing key, created (mode 0600) if missing. "
            + "Default: ledger-key in $AIGOV_HOME, else $XDG_STATE_HOME/aigov, else ~/.local/state/aigov. Never created "
            + "inside a git work tree unless --allow-key-in-worktree.")
    Path key;

    @Option(names = "--artifact", paramLabel = "FILE", description = "An artifact the build produced: its name, SHA-256 "
            + "and size are recorded (artifact.recorded) before the seal, so the record names what to roll back to. "
            + "Repeatable.")
    java.util.List<Path> artifacts = new java.util.ArrayList<>();

    @Option(names = Locations.ALLOW_OPTION, description = "Allow creating the key inside a git work tree.")
    boolean allowKeyInWorkTree;

    @Option(names = "--actor", paramLabel = "NAME", defaultValue = "aigov-cli", description = "Who seals (default: ${DEFAULT-VALUE}).")
    String actor;

    @Override
    public Integer call() {
        try {
            LedgerKey signingKey = LedgerKey.loadOrCreate(Locations.ledgerKey(key, System.getenv(), allowKeyInWorkTree));
            java.util.List<dev.aigov.ledger.Event> recorded = new java.util.ArrayList<>();
            for (Path artifact : artifacts) {
                Artifacts.Digest digest = Artifacts.digest(artifact);
                recorded.add(dev.aigov.ledger.Events.artifactRecorded(digest.name(), digest.sha256(), digest.size()));
            }
            LedgerEvent seal = Ledger.seal(ledger, signingKey, actor, recorded);
            spec.commandLine().getOut().printf("sealed %s: %d events, head %s, Ed25519 key %s%n", Terminal.visible(ledger.toString()),
                    seal.seq() - 1, seal.prev(), signingKey.publicKeyRaw());
            return ExitCodes.OK;
        } catch (LedgerException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }
}
