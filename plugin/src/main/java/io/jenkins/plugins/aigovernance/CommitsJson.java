package io.jenkins.plugins.aigovernance;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigov.provenance.Commit;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** What the workspace holds for the gate, as plain JSON for the trip from the agent to the controller. */
final class CommitsJson {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** One report file: its workspace-relative path and bytes. */
    record Report(String path, byte[] content) {
    }

    /**
     * @param range   the range as git resolved it
     * @param commits its commits, newest first
     * @param diff    {@code git diff -U0} of the range, for the secret scan of added lines
     * @param reports evidence kind to the report files found for it
     * @param head           the workspace HEAD
     * @param trustedRange   the range derived from the CI's facts, as git resolved it
     * @param trustedCommits its commit ids, newest first
     */
    record Changes(String range, List<Commit> commits, String diff, Map<String, List<Report>> reports, String head,
                   String trustedRange, List<String> trustedCommits) {
        Changes {
            reports = reports == null ? Map.of() : reports;
            head = head == null ? "" : head;
            trustedRange = trustedRange == null ? "" : trustedRange;
            trustedCommits = trustedCommits == null ? List.of() : trustedCommits;
        }
    }

    private CommitsJson() {
    }

    static String write(Changes changes) throws IOException {
        return JSON.writeValueAsString(changes);
    }

    /** Reads what an agent sent, refusing more than {@code maxChars} before parsing any of it. */
    static Changes readFromAgent(String json, long maxChars) throws IOException {
        if (json == null) {
            throw new IOException("the agent sent nothing");
        }
        if (json.length() > maxChars) {
            throw new hudson.AbortException("aiGovernanceGate: the agent sent " + json.length()
                    + " characters, more than the " + maxChars + " accepted; narrow the report patterns or the range");
        }
        return read(json);
    }

    static Changes read(String json) throws IOException {
        return JSON.readValue(json, new TypeReference<Changes>() { });
    }
}
