package dev.aigov.cli;

import dev.aigov.credentials.Durations;
import picocli.CommandLine;

import java.time.Duration;

/** {@code 90s}, {@code 15m}, {@code 1h}: anything else is a usage error saying what was expected. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
