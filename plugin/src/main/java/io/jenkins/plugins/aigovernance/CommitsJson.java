package io.jenkins.plugins.aigovernance;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigov.provenance.Commit;
import java.io.IOException;
import java.util.List;

/** The commits of a range as plain JSON, for the trip from the agent to the controller. */
final class CommitsJson {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** What the agent read: the range as git resolved it, and its commits, newest first. */
    record Changes(String range, List<Commit> commits) {
    }

    private CommitsJson() {
    }

    static String write(String range, List<Commit> commits) throws IOException {
        return JSON.writeValueAsString(new Changes(range, commits));
    }

    static Changes read(String json) throws IOException {
        return JSON.readValue(json, new TypeReference<Changes>() { });
    }
}
