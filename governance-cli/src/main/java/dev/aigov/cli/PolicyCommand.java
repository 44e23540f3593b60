package dev.aigov.cli;

import dev.aigov.policy.Policy;
import dev.aigov.policy.PolicyException;
import dev.aigov.policy.PolicyLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "policy", mixinStandardHelpOptions = true, description = "Check policy files and show the built-in policy.",
        subcommands = {PolicyCommand.Check.class, PolicyCommand.Default.class})
final class PolicyCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Validate policy files. Exit 0 when all are valid; 2 with FILE:LINE:COL: message otherwise.")
    static final class Check implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "Policy YAML files to check.")
        Path[] files;

        @Override
        public Integer call() {
            int exit = ExitCodes.OK;
            for (Path file : files) {
                try {
                    Policy policy = PolicyLoader.load(file);
                    if (!policy.approval().allowedSigners().isEmpty()) {
                        dev.aigov.policy.TrustedPolicy.fromFile(file); // the allowed signers file it names must exist
                    }
                    spec.commandLine().getOut().printf("%s: valid (%d rules, %d categories, %d identities)%n", file,
                            policy.rules().size(), policy.categories().size(), policy.identities().size());
                } catch (PolicyException e) {
                    spec.commandLine().getErr().println(e.getMessage());
                    exit = ExitCodes.USAGE;
                }
            }
            return exit;
        }
    }

    @Command(name = "default", mixinStandardHelpOptions = true,
            description = "Print the built-in policy: what applies without --policy, and fills every section a policy leaves out.")
    static final class Default implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (InputStream in = PolicyLoader.class.getResourceAsStream("default-policy.yaml")) {
                spec.commandLine().getOut().print(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                return ExitCodes.OK;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
