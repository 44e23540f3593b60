package dev.aigov.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "reap", mixinStandardHelpOptions = true, description = "Revoke every credential a crashed run left in the lease journal.")
final class ReapCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UsageException("'aigov reap' is not available in this build yet");
    }
}
