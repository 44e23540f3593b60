package dev.aigov.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicLong;

/** Whether output goes to a person at a terminal (colour, progress) or to a file, pipe or test. */
final class Terminal {
    private static final String RESET = "\u001b[0m";

    private final boolean interactive;

    Terminal(boolean interactive) {
        this.interactive = interactive;
    }

    /** The real terminal state of this process. */
    static Terminal detect() {
        return new Terminal(isTerminal(System.console()));
    }

    /**
     * {@code System.console()} is null when stdin or stdout is redirected on Java 21; from Java 22 it may exist
     * anyway and {@code Console.isTerminal()} tells (looked up by reflection: this code is compiled for 21).
     */
    private static boolean isTerminal(Console console) {
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /**
     * Text from outside (a commit subject, a path, a name, a key id) made safe to print: control characters,
     * escape sequences included, and the Unicode controls that reorder text are shown as {@code \x1b} or
     * {@code \u202e} instead of acting on the terminal, so no input can move the cursor, recolour the output or
     * print a line of its own. JSON output is never passed through this.
     */
    static String visible(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e)
                    || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f || c == 0x061c;
            if (control) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 8).append(text, 0, i);
                }
                out.append(c <= 0xff ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    boolean interactive() {
        return interactive;
    }

    /** {@code text} in an ANSI colour (e.g. {@code "1;31"}) on a terminal, plain otherwise. */
    String colour(String code, String text) {
        return interactive ? "\u001b[" + code + "m" + text + RESET : text;
    }

    /**
     * A progress line on stderr, shown only at a terminal and only once the work has taken a second; it rewrites
     * itself in place and is erased when closed.
     */
    Progress progress(PrintWriter err, String what) {
        return new Progress(interactive ? err : null, what);
    }

    static final class Progress implements AutoCloseable {
        private static final long DELAY_MS = 1000;
        private static final long INTERVAL_MS = 200;
        private final AtomicLong count = new AtomicLong();
        private final PrintWriter err;
        private final Thread ticker;
        private volatile boolean shown;

        private Progress(PrintWriter err, String what) {
            this.err = err;
            if (err == null) {
                ticker = null;
                return;
            }
            ticker = Thread.ofPlatform().daemon().name("aigov-progress").start(() -> {
                try {
                    Thread.sleep(DELAY_MS);
                    while (!Thread.currentThread().isInterrupted()) {
                        synchronized (this) {
                            err.print("\r" + what + ": " + count.get() + " commits");
                            err.flush();
                            shown = true;
                        }
                        Thread.sleep(INTERVAL_MS);
                    }
                } catch (InterruptedException e) {
                    // closed
                }
            });
        }

        void step() {
            count.incrementAndGet();
        }

        @Override
        public void close() {
            if (ticker == null) {
                return;
            }
            ticker.interrupt();
            try {
                ticker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (this) {
                if (shown) {
                    err.print("\r\u001b[K");
                    err.flush();
                }
            }
        }
    }
}
