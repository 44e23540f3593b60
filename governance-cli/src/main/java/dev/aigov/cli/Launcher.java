package dev.aigov.cli;

import dev.aigov.policy.PolicyLoader;
import dev.aigov.provenance.MarkerCatalogue;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Set;

/**
 * The jar's entry point, kept tiny: {@code --version} and the usage texts are answered without picocli, Jackson or
 * any command (the usage texts are the commands' own, rendered by {@code CliReferenceTest} into
 * {@code usage/*.txt} and checked against them); everything else goes to {@link Main}, which builds only the
 * command it runs.
 */
public final class Launcher {
    /** The commands that read a git range with the built-in policy and marker catalogue (as default or as base). */
    private static final Set<String> READ_A_RANGE = Set.of("gate", "scan", "exec", "demo");

    private Launcher() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0 && usage("aigov", System.err)) {
            System.exit(ExitCodes.USAGE);
        }
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            System.out.println(version());
            return;
        }
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h")) && usage("aigov", System.out)) {
            return;
        }
        if (args.length == 2 && (args[1].equals("--help") || args[1].equals("-h")) && args[0].matches("[a-z]+")
                && usage("aigov-" + args[0], System.out)) {
            return;
        }
        warmUp(args.length > 0 ? args[0] : "");
        Main.main(args);
    }

    /**
     * Starts, on a second core, work a command reaches only after picocli has built it and git has answered, and that
     * costs milliseconds on a cold JVM: reading the built-in policy (SnakeYAML, and Jackson's parser base, whose
     * BigDecimal constants on JDK 25 compute 5^65536 while still interpreted) and the marker catalogue, and the JCA
     * provider behind SHA-256. Class initialisation and the engine's built-in caches run once: a command that gets
     * there first waits for the result instead of computing it again. A failure here is only a lost head start.
     */
    private static void warmUp(String command) {
        Thread thread = new Thread(new WarmUp(READ_A_RANGE.contains(command)), "aigov-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    /** A class, not a lambda: this lambda was linked at run time (the AOT training runs Main), 5 ms of the main thread's. */
    private record WarmUp(boolean readsRange) implements Runnable {
        @Override
        public void run() {
            try {
                if (readsRange) {
                    PolicyLoader.builtIn();
                } else {
                    Class.forName("com.fasterxml.jackson.core.base.ParserMinimalBase");
                }
                MessageDigest.getInstance("SHA-256");
                if (readsRange) {
                    MarkerCatalogue.builtIn();
                }
            } catch (ReflectiveOperationException | GeneralSecurityException | RuntimeException | LinkageError lostHeadStart) {
                // the command does this work itself, and reports what goes wrong
            }
        }
    }

    /** The version line, from the jar's manifest. */
    static String version() {
        String version = Launcher.class.getPackage().getImplementationVersion();
        return "aigov " + (version == null ? "development build" : version);
    }

    /** Prints the pre-rendered usage of a command; false when there is none (picocli renders it then). */
    private static boolean usage(String name, PrintStream out) throws IOException {
        try (InputStream in = Launcher.class.getResourceAsStream("usage/" + name + ".txt")) {
            if (in == null) {
                return false;
            }
            out.write(in.readAllBytes());
            out.flush();
            return true;
        }
    }
}
