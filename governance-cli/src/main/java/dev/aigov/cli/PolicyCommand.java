package dev.aigov.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "policy", mixinStandardHelpOptions = true, description = "Check policy files.")
final class PolicyCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UsageException("'aigov policy' is not available in this build yet");
    }
}
