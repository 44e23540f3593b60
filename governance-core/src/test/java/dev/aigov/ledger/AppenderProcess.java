package dev.aigov.ledger;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A child JVM that appends to a ledger: {@code FILE ACTOR COUNT PAYLOAD_BYTES}; COUNT -1 appends until killed.
 * Started by the crash and concurrency tests as a real separate process.
 */
public final class AppenderProcess {
    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        String actor = args[1];
        long count = Long.parseLong(args[2]);
        String payload = "p".repeat(Integer.parseInt(args[3]));
        Ledger ledger = Ledger.open(file, TestEvents.BUILD);
        for (long i = 0; count < 0 || i < count; i++) {
            ledger.append(actor, Events.agentDeclared(actor + "-" + i, payload, ""));
        }
    }

    static Process start(Path file, String actor, long count, int payloadBytes) throws java.io.IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), AppenderProcess.class.getName(),
                file.toString(), actor, Long.toString(count), Integer.toString(payloadBytes)));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(file.resolveSibling(actor + ".log").toFile()).start();
    }
}
