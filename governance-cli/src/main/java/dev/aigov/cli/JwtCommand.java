package dev.aigov.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "jwt", mixinStandardHelpOptions = true, description = "The embedded workload identity issuer.")
final class JwtCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UsageException("'aigov jwt' is not available in this build yet");
    }
}
