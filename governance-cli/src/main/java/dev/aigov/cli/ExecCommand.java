package dev.aigov.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "exec", mixinStandardHelpOptions = true, description = "Run a command with short-lived credentials for a role, revoked when it ends.")
final class ExecCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UsageException("'aigov exec' is not available in this build yet");
    }
}
