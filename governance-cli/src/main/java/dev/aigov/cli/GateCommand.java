package dev.aigov.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "gate", mixinStandardHelpOptions = true, description = "Evaluate the change against the policy.")
final class GateCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UsageException("'aigov gate' is not available in this build yet");
    }
}
