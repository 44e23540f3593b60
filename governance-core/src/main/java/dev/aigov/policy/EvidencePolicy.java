package dev.aigov.policy;

import java.util.List;
import java.util.Map;

/**
 * Evidence an AI-attributed change must carry. A null section is not required.
 */
public record EvidencePolicy(Coverage coverage, StaticAnalysis staticAnalysis, Dependencies dependencies,
                             Secrets secrets) {

    /** @param minLine minimum line coverage, 0..1; @param scope {@code changed-files} or {@code overall} */
    public record Coverage(double minLine, String scope) {
    }

    /** @param maxNew SARIF level ({@code error}, {@code warning}, {@code note}) to the most new results allowed */
    public record StaticAnalysis(Map<String, Integer> maxNew) {
        public StaticAnalysis {
            maxNew = Map.copyOf(maxNew);
        }
    }

    /** @param failOn CycloneDX severities that fail the gate, lower case */
    public record Dependencies(List<String> failOn) {
        public Dependencies {
            failOn = List.copyOf(failOn);
        }
    }

    /** @param scanAddedLines scan the lines the change adds for secrets */
    public record Secrets(boolean scanAddedLines) {
    }
}
