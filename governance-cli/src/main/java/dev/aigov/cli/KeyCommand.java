package dev.aigov.cli;

import dev.aigov.ledger.LedgerException;
import dev.aigov.ledger.LedgerKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "key", mixinStandardHelpOptions = true, description = "Manage the ledger signing key.",
        subcommands = KeyCommand.Export.class)
final class KeyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new UsageException("'aigov key' needs a subcommand: export");
    }

    @Command(name = "export", mixinStandardHelpOptions = true, description = "Print the ledger signing key's public "
            + "key (creating the key, mode 0600, if there is none yet), for 'aigov verify --public-key'.")
    static final class Export implements Callable<Integer> {
        enum Format { pem, jwk }

        @Spec
        CommandSpec spec;

        @Option(names = "--key", paramLabel = "FILE", description = "The signing key. Default: ledger-key in $AIGOV_HOME, "
                + "else $XDG_STATE_HOME/aigov, else ~/.local/state/aigov.")
        Path key;

        @Option(names = Locations.ALLOW_OPTION, description = "Allow creating the key inside a git work tree.")
        boolean allowKeyInWorkTree;

        @Option(names = "--format", defaultValue = "pem", paramLabel = "FORMAT",
                description = "pem or jwk (whose x is the raw key in base64url). Default: ${DEFAULT-VALUE}.")
        Format format;

        @Override
        public Integer call() {
            try {
                LedgerKey ledgerKey = LedgerKey.loadOrCreate(Locations.ledgerKey(key, System.getenv(), allowKeyInWorkTree));
                spec.commandLine().getOut().print(format == Format.pem ? ledgerKey.publicKeyPem() : ledgerKey.publicKeyJwk());
                spec.commandLine().getOut().flush();
                return ExitCodes.OK;
            } catch (LedgerException e) {
                throw new UsageException(e.getMessage(), e);
            }
        }
    }
}
