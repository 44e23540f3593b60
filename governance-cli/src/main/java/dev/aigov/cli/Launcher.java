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
        Main.main(args);
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
