package dev.aigov.build;

import java.util.Objects;

/**
 * Which run of which job an event, a credential or an approval belongs to.
 *
 * @param job         the job's full name (Jenkins full name, GitHub repository, GitLab project path)
 * @param number      the run's number or id as the CI system names it
 * @param url         the run's page, or empty when there is none (local CLI runs)
 * @param triggeredBy the user id that started the run, or empty when a timer or SCM event did
 */
public record BuildRef(String job, String number, String url, String triggeredBy) {
    public BuildRef {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(number, "number");
        url = url == null ? "" : url;
        triggeredBy = triggeredBy == null ? "" : triggeredBy;
    }

    /** A stable id for this run, usable in file names and Vault metadata. */
    public String runId() {
        return job + "#" + number;
    }
}
