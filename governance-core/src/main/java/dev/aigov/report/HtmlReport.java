package dev.aigov.report;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The audit record as HTML: a {@link #fragment} (the Jenkins build page embeds it and serves {@link #CSS} as a
 * file) and a self-contained {@link #page} (no script, no external request: a Content-Security-Policy forbids
 * both). Every value goes through {@link #escape}, in text and attributes alike; class names come only from
 * fixed lists.
 */
public final class HtmlReport {
    /** The page's style sheet; the fragment's classes all start with {@code aigov-}. */
    public static final String CSS = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f6f7f9;color:#1d2330}
            .aigov-report{max-width:1200px;margin:0 auto;padding:24px}
            .aigov-report h1{font-size:22px;margin:0 0 12px}
            .aigov-report h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #d5d9e0;padding-bottom:4px}
            .aigov-summary{display:flex;gap:12px;flex-wrap:wrap;margin-bottom:8px}
            .aigov-badge{display:inline-block;padding:8px 14px;border-radius:6px;font-weight:700;font-size:16px}
            .aigov-pass,.aigov-intact_sealed,.aigov-revoked,.aigov-granted{background:#d8f3dc;color:#1b4332}
            .aigov-approval_required,.aigov-unsealed,.aigov-intact_unpinned,.aigov-requested{background:#fff3bf;color:#5c4400}
            .aigov-fail,.aigov-tampered,.aigov-truncated,.aigov-not_revoked,.aigov-revoke_failed,.aigov-refused,.aigov-rejected{background:#ffd6d6;color:#7a0010}
            .aigov-unknown{background:#e9ecef;color:#333}
            .aigov-report table{border-collapse:collapse;width:100%;background:#fff;font-size:13px}
            .aigov-report th,.aigov-report td{border:1px solid #d5d9e0;padding:5px 7px;text-align:left;vertical-align:top}
            .aigov-report th{background:#eef1f5}
            .aigov-report code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;word-break:break-all}
            .aigov-loud{font-weight:800;color:#b00020}
            .aigov-muted{color:#667}
            .aigov-control{display:inline-block;background:#e7f0ff;color:#123d7a;border-radius:4px;padding:1px 6px;margin:1px;font-size:12px}
            """;

    private HtmlReport() {
    }

    /** A complete HTML document around the fragment; kept prompts are not linked. */
    public static String page(AuditRecord record) {
        return page(record, null);
    }

    /**
     * A complete HTML document around the fragment.
     *
     * @param promptHref where a kept prompt is read, from its SHA-256 (hex), e.g. a path relative to the page; or null
     */
    public static String page(AuditRecord record, java.util.function.Function<String, String> promptHref) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + escape("AI governance record: " + record.build().job() + " #" + record.build().number())
                + "</title><style>" + CSS + "</style></head><body>\n" + fragment(record, promptHref) + "</body></html>\n";
    }

    /** The record as one {@code <section class="aigov-report">}, for embedding; kept prompts are not linked. */
    public static String fragment(AuditRecord record) {
        return fragment(record, null);
    }

    /**
     * The record as one {@code <section class="aigov-report">}, for embedding.
     *
     * @param promptHref where a kept prompt is read, from its SHA-256 (hex); or null for no link
     */
    public static String fragment(AuditRecord record, java.util.function.Function<String, String> promptHref) {
        StringBuilder html = new StringBuilder(8192);
        html.append("<section class=\"aigov-report\">\n");
        html.append("<h1>AI governance record: ").append(escape(record.build().job())).append(" #")
                .append(escape(record.build().number())).append("</h1>\n");
        if (!record.build().url().isEmpty()) {
            html.append("<p class=\"aigov-muted\">Build: ").append(escape(record.build().url())).append("</p>\n");
        }
        AuditRecord.Gate gate = record.gate();
        html.append("<div class=\"aigov-summary\">");
        html.append("<span id=\"aigov-decision\" class=\"aigov-badge ").append(stateClass(gate == null ? "" : gate.decision(),
                List.of("PASS", "APPROVAL_REQUIRED", "FAIL"))).append("\">Decision: ")
                .append(escape(gate == null ? "no gate evaluation recorded" : gate.decision())).append("</span>");
        html.append("<span id=\"aigov-verification\" class=\"aigov-badge ").append(stateClass(record.verification().state(),
                List.of("INTACT_SEALED", "INTACT_UNPINNED", "UNSEALED", "TRUNCATED", "TAMPERED"))).append("\">Ledger: ")
                .append(escape(record.verification().state())).append("</span>");
        long notRevoked = record.credentials().stream().filter(c -> !c.status().equals("REVOKED")).count();
        if (notRevoked > 0) {
            html.append("<span class=\"aigov-badge aigov-not_revoked\">").append(notRevoked)
                    .append(" credential(s) NOT REVOKED</span>");
        }
        html.append("</div>\n<p>").append(escape(record.verification().summary())).append("</p>\n");
        if (gate != null) {
            header(html, gate);
            decision(html, gate);
            commits(html, gate);
            evidence(html, gate);
        }
        reverting(html, record.rollback(), gate == null ? "" : gate.repositoryUrl());
        approvals(html, record.approvals());
        credentials(html, record.credentials());
        if (!record.agents().isEmpty()) {
            html.append("<h2>AI agents</h2>\n");
            table(html, List.of("Declared", "Agent", "Model", "Prompt digest", "Prompt"), record.agents(), a -> List.of(
                    escape(millis(a.time())), escape(a.agent()), escape(a.model()), code(a.promptDigest()),
                    prompt(a, promptHref)));
        }
        long sealed = record.events().stream().filter(e -> e.type().equals(dev.aigov.ledger.Events.SEALED)).count();
        html.append("<h2>Ledger</h2>\n<p>").append(record.events().size() - sealed).append(" verified events")
                .append(sealed > 0 ? " and the seal" : "");
        if (!record.verification().head().isEmpty()) {
            html.append(", head hash ").append(code(record.verification().head()));
        }
        if (!record.verification().publicKey().isEmpty()) {
            html.append(", sealed with Ed25519 key ").append(code(record.verification().publicKey()))
                    .append(record.verification().keyPinned() ? " (checked against the expected key)"
                            : " (not checked against an expected key)");
        }
        html.append(".</p>\n</section>\n");
        return html.toString();
    }

    /** What was governed: the range, its base and head (linked when the repository's web address is known), the policy. */
    private static void header(StringBuilder html, AuditRecord.Gate gate) {
        html.append("<table id=\"aigov-header\"><tbody>\n");
        row(html, "Range", code(gate.range()));
        row(html, "Base commit (trusted)", commit(gate.repositoryUrl(), gate.baseCommit()));
        row(html, "Head commit", commit(gate.repositoryUrl(), gate.headCommit()));
        row(html, "Policy", escape(displayPath(gate.policySource())) + (gate.policyDigest().isEmpty() ? ""
                : " " + code(gate.policyDigest())));
        if (!gate.agent().isEmpty()) {
            row(html, "Agent", escape(gate.agent()));
        }
        if (!gate.repositoryUrl().isEmpty()) {
            row(html, "Repository", link(gate.repositoryUrl(), escape(gate.repositoryUrl())));
        }
        html.append("</tbody></table>\n");
    }

    private static void row(StringBuilder html, String name, String value) {
        html.append("<tr><th>").append(escape(name)).append("</th><td>").append(value.isEmpty() || value.equals("<code></code>")
                ? "<span class=\"aigov-muted\">not recorded</span>" : value).append("</td></tr>\n");
    }

    /** The way back: the base commit, the exact revert, the artifacts built. */
    private static void reverting(StringBuilder html, AuditRecord.Rollback rollback, String repositoryUrl) {
        if (rollback == null) {
            return;
        }
        html.append("<h2 id=\"aigov-reverting\">Reverting this change</h2>\n");
        if (!rollback.revertCommand().isEmpty()) {
            html.append("<p>The trusted base is ").append(commit(repositoryUrl, rollback.baseCommit()))
                    .append("; the change is the commits ").append(code(rollback.revertRange())).append(", head ")
                    .append(commit(repositoryUrl, rollback.headCommit())).append(rollback.approved()
                            ? " (the head that was let through)" : " (not approved)").append(". To undo it:</p>\n")
                    .append("<pre><code>").append(escape(rollback.revertCommand())).append("</code></pre>\n")
                    .append("<p>or redeploy the base commit's build.</p>\n");
        } else if (!rollback.headCommit().isEmpty()) {
            html.append("<p>The range has no recorded base commit (it reaches the first commit), so there is no revert "
                    + "range; head ").append(commit(repositoryUrl, rollback.headCommit())).append(".</p>\n");
        }
        if (!rollback.artifacts().isEmpty()) {
            html.append("<p>Artifacts this build produced (redeploy the base's to roll back):</p>\n");
            table(html, List.of("Recorded", "Artifact", "SHA-256", "Bytes"), rollback.artifacts(), a -> List.of(
                    escape(millis(a.time())), escape(a.name()), code(a.sha256()), a.size() < 0 ? "" : Long.toString(a.size())));
        }
    }

    private static void decision(StringBuilder html, AuditRecord.Gate gate) {
        html.append("<h2>Decision</h2>\n<p>").append(escape(gate.decision())).append(" at ").append(escape(millis(gate.time())));
        if (!gate.headCommit().isEmpty()) {
            html.append(" for commit ").append(commit(gate.repositoryUrl(), gate.headCommit()));
        }
        html.append("</p>\n");
        if (gate.requiredApprovals() != null) {
            AuditRecord.RequiredApprovals required = gate.requiredApprovals();
            html.append("<p>Requires ").append(required.required()).append(" approval(s)")
                    .append(required.groups().isEmpty() ? "" : " from " + escape(String.join(", ", required.groups())))
                    .append(required.architecturalReview() ? ", including an architectural review" : "").append(".</p>\n");
        }
        html.append("<p>Controls: ").append(controls(gate.controls())).append("</p>\n");
        table(html, List.of("Reason", "Why", "Paths", "Commits", "Controls"), gate.reasons(), r -> List.of(
                code(r.code()), escape(r.message()), escape(String.join(", ", r.paths())),
                code(String.join(", ", r.commits())), controls(r.controls())));
    }

    private static void commits(StringBuilder html, AuditRecord.Gate gate) {
        List<AuditRecord.CommitView> ai = gate.commits().stream().filter(AuditRecord.CommitView::aiAttributed).toList();
        html.append("<h2>AI-attributed commits (").append(ai.size()).append(" of ").append(gate.commits().size())
                .append(")</h2>\n");
        table(html, List.of("Commit", "Subject", "Author", "Confidence", "Tool", "Model", "Session", "Prompt", "Evidence"),
                ai, c -> List.of(
                commit(gate.repositoryUrl(), c.id()), escape(c.subject()), escape(c.author()), escape(c.confidence()),
                escape(String.join(", ", c.tools())), escape(c.model()),
                String.join("<br>", c.sessions().stream().map(HtmlReport::session).toList()),
                prompts(c),
                String.join("<br>", c.evidence().stream()
                        .map(e -> escape(e.source()) + ": " + code(e.marker()) + " (" + escape(e.tool()) + ")").toList())));
    }

    /** A session reference: its kind, and a link when it has an http(s) URL, else its id. */
    private static String session(AuditRecord.Session s) {
        String label = escape(s.kind()) + " " + (s.id().isEmpty() ? "" : code(s.id()));
        return s.url().isEmpty() ? label : link(s.url(), label.isBlank() ? escape(s.url()) : label);
    }

    /** The declared prompt's digest, and the prompts the commit's markers carry (text, or withheld for a secret). */
    private static String prompts(AuditRecord.CommitView c) {
        List<String> parts = new java.util.ArrayList<>();
        if (!c.promptDigest().isEmpty()) {
            parts.add("declared " + code(c.promptDigest()));
        }
        for (AuditRecord.Session s : c.sessions()) {
            if (!s.promptWithheld().isEmpty()) {
                parts.add("<span class=\"aigov-loud\">withheld: holds a secret (" + escape(String.join(", ", s.promptWithheld()))
                        + ")</span> " + code(s.promptDigest()));
            } else if (!s.promptText().isEmpty()) {
                parts.add("<q>" + escape(s.promptText()) + "</q> " + code(s.promptDigest()));
            }
        }
        return String.join("<br>", parts);
    }

    /** A commit id, linked to the repository's web page when its address is known. */
    private static String commit(String repositoryUrl, String id) {
        if (id.isEmpty()) {
            return "";
        }
        if (repositoryUrl.isEmpty() || !id.matches("[0-9a-f]{7,64}")) {
            return code(id);
        }
        String path = repositoryUrl.contains("gitlab") ? "/-/commit/" : repositoryUrl.contains("bitbucket") ? "/commits/" : "/commit/";
        return link(repositoryUrl + path + id, code(id));
    }

    /** A link to an http(s) address only; anything else is shown as text. */
    private static String link(String url, String label) {
        if (!(url.startsWith("https://") || url.startsWith("http://"))) {
            return label;
        }
        return "<a href=\"" + escape(url) + "\" rel=\"noopener noreferrer\">" + label + "</a>";
    }

    /** A path as the report shows it: a relative path as given, an absolute one by its file name (no local paths). */
    static String displayPath(String path) {
        if (path.startsWith("/") || path.matches("^[A-Za-z]:[\\\\/].*")) {
            int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
            return path.substring(slash + 1);
        }
        return path;
    }

    /** An ISO instant to the millisecond ({@code 2026-12-07T21:15:17.123Z}); other text unchanged. */
    static String millis(String time) {
        try {
            return MILLIS.format(java.time.Instant.parse(time));
        } catch (java.time.format.DateTimeParseException e) {
            return time;
        }
    }

    /** How a kept prompt is named: only such a name (a digest) is ever put in a link. */
    private static final java.util.regex.Pattern KEPT_PROMPT = java.util.regex.Pattern.compile("prompts/([0-9a-f]{64})\\.txt");

    private static final java.time.format.DateTimeFormatter MILLIS = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);

    private static void evidence(StringBuilder html, AuditRecord.Gate gate) {
        html.append("<h2>Evidence</h2>\n");
        table(html, List.of("Check", "Result", "Measured", "Summary", "Report", "SHA-256"), gate.evidence(), e -> List.of(
                escape(e.check()), badge(e.outcome().toUpperCase(Locale.ROOT), List.of("PASS", "FAIL")),
                values(e.values()), escape(e.summary()), code(displayPath(e.file())), code(e.sha256())));
    }

    private static void approvals(StringBuilder html, List<AuditRecord.Approval> approvals) {
        html.append("<h2>Approvals</h2>\n");
        List<String> requests = approvals.stream().map(AuditRecord.Approval::requestId).distinct().toList();
        boolean one = requests.size() == 1;
        if (one) {
            html.append("<p>Request ").append(code(requests.get(0))).append("</p>\n");
        }
        List<String> headers = new java.util.ArrayList<>(List.of("When", "Action", "Who", "Groups", "Architectural", "Rule", "Why"));
        if (!one) {
            headers.add("Request");
        }
        table(html, headers, approvals, a -> {
            List<String> cells = new java.util.ArrayList<>(List.of(
                    escape(millis(a.time())), badge(a.action().toUpperCase(Locale.ROOT),
                            List.of("REQUESTED", "GRANTED", "REFUSED", "REJECTED")),
                    escape(a.approver()), escape(String.join(", ", a.groups())), a.architectural() ? "yes" : "",
                    escape(a.rule()),
                    escape(a.action().equals("requested") ? a.required() + " approval(s) required" : a.reason())));
            if (!one) {
                cells.add(code(a.requestId()));
            }
            return cells;
        });
    }

    /** Measured values as {@code name: value} lines; lists of locations stay short. */
    private static String values(com.fasterxml.jackson.databind.JsonNode values) {
        List<String> lines = new java.util.ArrayList<>();
        values.properties().forEach(e -> {
            com.fasterxml.jackson.databind.JsonNode v = e.getValue();
            String text = v.isValueNode() ? v.asText() : v.toString();
            lines.add(escape(e.getKey()) + ": " + code(text.length() > 200 ? text.substring(0, 200) + "…" : text));
        });
        return String.join("<br>", lines);
    }

    private static void credentials(StringBuilder html, List<AuditRecord.Credential> credentials) {
        html.append("<h2>Credentials</h2>\n");
        table(html, List.of("Role", "Provider", "Could do (policies / audience)", "Issued to (agent, model, prompt)",
                "Authorised by request", "TTL", "Issued", "Expires", "Revoked", "Handle (SHA-256)"), credentials, c -> List.of(
                escape(c.role()), escape(c.provider()), escape(String.join(", ", c.policies())),
                escape(String.join(", ", java.util.stream.Stream.of(c.agent(), c.model()).filter(v -> !v.isEmpty()).toList()))
                        + (c.promptDigest().isEmpty() ? "" : "<br>" + code(c.promptDigest())),
                code(c.requestId()),
                escape(ttl(c.ttlSeconds())), escape(millis(c.issuedAt())), escape(millis(c.expiresAt())),
                switch (c.status()) {
                    case "REVOKED" -> escape(millis(c.revokedAt()));
                    case "REVOKE_FAILED" -> "<span class=\"aigov-loud\">REVOKE FAILED: " + escape(c.revokeError()) + "</span>";
                    default -> "<span class=\"aigov-loud\">NOT REVOKED</span>";
                }, code(c.handleHash())));
    }

    /** Where the prompt's text is kept (relative to the ledger), its size, or why it was refused. */
    private static String prompt(AuditRecord.Agent agent, java.util.function.Function<String, String> promptHref) {
        if (agent.status().equals("PROMPT_REFUSED")) {
            return "<span class=\"aigov-loud\">REFUSED: holds a secret (" + escape(String.join(", ", agent.refusedFor()))
                    + "); not kept, the agent did not run</span>";
        }
        if (agent.promptSize() < 0) {
            return "<span class=\"aigov-muted\">none declared</span>";
        }
        java.util.regex.Matcher kept = KEPT_PROMPT.matcher(agent.promptFile());
        String file = code(agent.promptFile());
        if (promptHref != null && kept.matches() && agent.promptDigest().equals("sha256:" + kept.group(1))) {
            file = "<a href=\"" + escape(promptHref.apply(kept.group(1))) + "\">" + file + "</a>";
        }
        return file + " (" + agent.promptSize() + " bytes)";
    }

    private static <T> void table(StringBuilder html, List<String> headers, List<T> rows, Function<T, List<String>> cells) {
        if (rows.isEmpty()) {
            html.append("<p class=\"aigov-muted\">None recorded.</p>\n");
            return;
        }
        html.append("<table><thead><tr>");
        headers.forEach(h -> html.append("<th>").append(escape(h)).append("</th>"));
        html.append("</tr></thead><tbody>\n");
        for (T row : rows) {
            html.append("<tr>");
            cells.apply(row).forEach(cell -> html.append("<td>").append(cell).append("</td>"));
            html.append("</tr>\n");
        }
        html.append("</tbody></table>\n");
    }

    private static String controls(List<String> controls) {
        if (controls.isEmpty()) {
            return "<span class=\"aigov-muted\">none</span>";
        }
        return String.join(" ", controls.stream().map(c -> "<span class=\"aigov-control\">" + escape(c) + "</span>").toList());
    }

    private static String badge(String value, List<String> known) {
        return "<span class=\"aigov-badge " + stateClass(value, known) + "\">" + escape(value) + "</span>";
    }

    /** A class name only from the known values, never from input text. */
    private static String stateClass(String value, List<String> known) {
        return known.contains(value) ? "aigov-" + value.toLowerCase(Locale.ROOT) : "aigov-unknown";
    }

    private static String code(String value) {
        return "<code>" + escape(value) + "</code>";
    }

    private static String ttl(long seconds) {
        return seconds <= 0 ? "" : Duration.ofSeconds(seconds).toString().substring(2).toLowerCase(Locale.ROOT);
    }

    /** Escapes text for HTML element content and quoted attribute values alike. */
    public static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
