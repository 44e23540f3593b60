package dev.aigov.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;

/**
 * The jar's entry point, kept tiny: {@code --version} and the usage texts are answered without picocli, Jackson or
 * any command (the usage texts are the commands' own, rendered by {@code CliReferenceTest} into
 * {@code usage/*.txt} and checked against them); everything else goes to {@link Main}, which builds only the
 * command it runs.
 */
public final class Launcher {
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
        warmUp();
        Main.main(args);
    }

    /**
     * Starts, on a second core, the class initialisations a command reaches only after picocli has built it and git
     * has answered, and that each cost milliseconds on a cold JVM: BigDecimal's (which Jackson's parsers need; on
     * JDK 25 it computes 5^65536 while still interpreted), the JCA provider behind SHA-256, and SnakeYAML's resolver.
     * The JVM runs each initialisation once: a command that gets there first simply waits for it. Nothing else is
     * shared, and a failure here is only a lost head start.
     */
    private static void warmUp() {
        Thread thread = new Thread(() -> {
            try {
                Class.forName("com.fasterxml.jackson.core.base.ParserMinimalBase");
                java.security.MessageDigest.getInstance("SHA-256");
                Class.forName("org.yaml.snakeyaml.resolver.Resolver");
            } catch (ReflectiveOperationException | java.security.GeneralSecurityException | LinkageError lostHeadStart) {
                // the command initialises what it needs itself
            }
        }, "aigov-warm-up");
        thread.setDaemon(true);
        thread.start();
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
