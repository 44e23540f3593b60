package dev.aigov.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Measured evidence values go into the ledger without floating-point numbers, whatever they are. */
class EventValuesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void fractionsBecomeDecimalStringsAndOtherValuesStay() throws Exception {
        var values = JSON.valueToTree(Map.of("coverage", 0.8125, "none", Double.NaN, "lines", 12,
                "byKind", Map.of("ratio", 1.50), "list", List.of(0.5, "x", true)));

        String written = Events.withoutFloats(values).toString();

        assertThat(JSON.readTree(written)).isEqualTo(JSON.readTree(
                "{\"coverage\":\"0.8125\",\"none\":\"NaN\",\"lines\":12,\"byKind\":{\"ratio\":\"1.5\"},\"list\":[\"0.5\",\"x\",true]}"));
    }
}
