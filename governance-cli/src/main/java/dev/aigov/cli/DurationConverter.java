package dev.aigov.cli;

import dev.aigov.policy.Durations;
import picocli.CommandLine;

import java.time.Duration;

/** {@code 90s}, {@code 15m}, {@code 1h30m}: anything else is a usage error saying what was expected. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        return Durations.parse(value).orElseThrow(() -> new CommandLine.TypeConversionException(
                "invalid duration '" + value + "': expected a number and a unit, like 90s, 15m, 1h or 1h30m"));
    }
}
