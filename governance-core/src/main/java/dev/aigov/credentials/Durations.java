package dev.aigov.credentials;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in policies and on command lines: {@code 90s}, {@code 15m}, {@code 1h30m}. */
public final class Durations {
    private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:ms|[smhd]))+");
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|[smhd])");

    private Durations() {
    }

    /** Parses {@code 90s}, {@code 15m}, {@code 1h}, {@code 1h30m}, {@code 2d}, {@code 500ms}. */
    public static Duration parse(String text) {
        if (text == null || !WHOLE.matcher(text.trim()).matches()) {
            throw new IllegalArgumentException("invalid duration '" + text
                    + "': expected a number and a unit (ms, s, m, h, d), e.g. 90s, 15m, 1h, 1h30m");
        }
        Duration total = Duration.ZERO;
        Matcher part = PART.matcher(text.trim());
        while (part.find()) {
            long n = Long.parseLong(part.group(1));
            total = total.plus(switch (part.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
        }
        return total;
    }

    /** The shortest form {@link #parse} reads back, e.g. {@code 1h30m}. */
    public static String format(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        long ms = duration.toMillis();
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
        String[] units = {"d", "h", "m", "s", "ms"};
        for (int i = 0; i < sizes.length; i++) {
            if (ms >= sizes[i]) {
                out.append(ms / sizes[i]).append(units[i]);
                ms %= sizes[i];
            }
        }
        return out.toString();
    }
}
