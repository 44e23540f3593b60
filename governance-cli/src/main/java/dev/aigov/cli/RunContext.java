package dev.aigov.cli;

import dev.aigov.build.BuildRef;

import java.util.Map;

/** Which run the CLI acts for: flags first, then the CI system's own environment, else a local run. */
final class RunContext {
    private RunContext() {
    }

    static BuildRef build(String job, String build, Map<String, String> env) {
        return build(job, build, env, "local", "");
    }

    /**
     * The run and who triggered it. Outside a CI system the run is {@code local#local}: stable across invocations,
     * because the gate's approval request and the build's ledger are bound to it.
     */
    static BuildRef build(String job, String build, Map<String, String> env, String localBuild, String triggeredBy) {
        String[][] systems = {
                {"JOB_NAME", "BUILD_NUMBER"},              // Jenkins
                {"GITHUB_REPOSITORY", "GITHUB_RUN_ID"},    // GitHub Actions
                {"CI_PROJECT_PATH", "CI_PIPELINE_ID"},     // GitLab
        };
        String url = "";
        for (String[] names : systems) {
            if (present(env, names[0]) && present(env, names[1])) {
                job = job != null ? job : env.get(names[0]);
                build = build != null ? build : env.get(names[1]);
                url = switch (names[0]) {
                    case "JOB_NAME" -> env.getOrDefault("BUILD_URL", "");
                    case "GITHUB_REPOSITORY" -> env.getOrDefault("GITHUB_SERVER_URL", "https://github.com") + "/"
                            + env.get("GITHUB_REPOSITORY") + "/actions/runs/" + env.get("GITHUB_RUN_ID");
                    default -> env.getOrDefault("CI_PIPELINE_URL", "");
                };
                break;
            }
        }
        return new BuildRef(job != null ? job : "local", build != null ? build : localBuild, url,
                triggeredBy == null ? "" : triggeredBy);
    }

    /** Who started the run, as the CI system names them (Jenkins with the build-user-vars plugin, GitHub, GitLab), or empty. */
    static String triggeredBy(Map<String, String> env) {
        for (String name : new String[] {"BUILD_USER_ID", "GITHUB_ACTOR", "GITLAB_USER_LOGIN"}) {
            if (present(env, name)) {
                return env.get(name);
            }
        }
        return "";
    }

    /** The commit under build as the CI system names it, or empty. */
    static String commit(Map<String, String> env) {
        for (String name : new String[] {"GIT_COMMIT", "GITHUB_SHA", "CI_COMMIT_SHA"}) {
            if (present(env, name)) {
                return env.get(name);
            }
        }
        return "";
    }

    /**
     * The repository's web address, for links in the record: the CI's own (GitHub's server and repository, GitLab's
     * {@code CI_PROJECT_URL}, Jenkins' {@code GIT_URL}), else the {@code origin} remote's; never with credentials.
     */
    static String repositoryUrl(Map<String, String> env, dev.aigov.provenance.GitChangeSource source) {
        String named = dev.aigov.provenance.GitChangeSource.webUrl(env);
        return named.isEmpty() ? source.webUrl() : named;
    }

    private static boolean present(Map<String, String> env, String name) {
        String value = env.get(name);
        return value != null && !value.isBlank();
    }
}
