package dev.aigov.credentials;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationsTest {
    @Test
    void readsTheUnitsPeopleWrite() {
        assertThat(Durations.parse("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("15m")).isEqualTo(Duration.ofMinutes(15));
        assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("2d")).isEqualTo(Duration.ofDays(2));
    }

    @Test
    void refusesAnythingElseSayingWhatIsExpected() {
        for (String bad : new String[] {"", "15", "m", "1.5h", "-5m", "15 m", "1y", "PT15M"}) {
            assertThatThrownBy(() -> Durations.parse(bad)).as(bad).hasMessageContaining("expected a number and a unit");
        }
    }

    @Test
    void formatsTheShortestFormParseReadsBack() {
        for (String text : new String[] {"90s", "15m", "1h", "1h30m", "1d2h3m4s5ms"}) {
            assertThat(Durations.format(Durations.parse(text))).isEqualTo(text.equals("90s") ? "1m30s" : text);
        }
    }
}
