package dev.aigov.policy;

import com.fasterxml.jackson.core.JsonToken;
import dev.aigov.policy.YamlTree.Entry;
import dev.aigov.policy.YamlTree.ListNode;
import dev.aigov.policy.YamlTree.MapNode;
import dev.aigov.policy.YamlTree.Node;
import dev.aigov.policy.YamlTree.ScalarNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Loads policy YAML (design §5) into a validated {@link Policy}. Every section a file leaves out comes from the
 * built-in default; {@code categories} and {@code identities} are merged by id over the defaults, every other
 * section replaces its default whole. Unknown keys are errors. Every error names file, line, column and field.
 */
public final class PolicyLoader {
    /** The source name of the built-in policy. */
    public static final String BUILT_IN = "<built-in>";
    static final int MAX_BYTES = 1 << 20;
    private static final Set<String> PROVIDERS = Set.of("jwt", "vault");
    private static final Set<String> SARIF_LEVELS = Set.of("error", "warning", "note");
    private static final Set<String> SEVERITIES = Set.of("critical", "high", "medium", "low", "info", "none", "unknown");
    private static final Set<String> COVERAGE_SCOPES = Set.of("changed-files", "overall");
    private static final Policy DEFAULT = loadBuiltIn();

    private PolicyLoader() {
    }

    /** The built-in policy. */
    public static Policy builtIn() {
        return DEFAULT;
    }

    /** Loads a policy file. */
    public static Policy load(Path file) throws PolicyException {
        String name = file.toString();
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new PolicyException(name, 0, 0, "", "larger than " + (MAX_BYTES >> 10) + " KiB; a policy is a short file");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new PolicyException(name, 0, 0, "", "no such file");
        } catch (IOException e) {
            throw new PolicyException(name, 0, 0, "", "cannot read: " + e.getMessage());
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new PolicyException(name, 0, 0, "", "not UTF-8 text");
        }
        return parse(text, name);
    }

    /** Parses policy YAML; {@code sourceName} is what errors call the file. */
    public static Policy parse(String yaml, String sourceName) throws PolicyException {
        if (yaml.length() > MAX_BYTES) {
            throw new PolicyException(sourceName, 0, 0, "", "larger than " + (MAX_BYTES >> 10) + " KiB; a policy is a short file");
        }
        Node root = YamlTree.parse(yaml, sourceName);
        if (root == null) {
            throw new PolicyException(sourceName, 1, 1, "version", "the policy is empty; expected at least 'version: 1'");
        }
        return new Reader(sourceName).policy(root, DEFAULT);
    }

    private static Policy loadBuiltIn() {
        try (InputStream in = PolicyLoader.class.getResourceAsStream("default-policy.yaml")) {
            if (in == null) {
                throw new IllegalStateException("built-in policy resource missing");
            }
            String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new Reader(BUILT_IN).policy(YamlTree.parse(yaml, BUILT_IN), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (PolicyException e) {
            throw new IllegalStateException("built-in policy is invalid: " + e.getMessage(), e);
        }
    }

    /** Reads one document, tracking the source name for messages. */
    private record Reader(String source) {

        Policy policy(Node root, Policy defaults) throws PolicyException {
            MapNode top = map(root, "", Set.of("version", "attribution", "categories", "rules", "evidence",
                    "identities", "limits", "approval", "ledger"));
            Entry version = top.entries().get("version");
            if (version == null) {
                throw error(top, "version", "required; expected 'version: 1'");
            }
            if (integer(version.value(), "version", 0, Integer.MAX_VALUE) != 1) {
                throw error(version.value(), "version", "unsupported version; this engine reads version 1");
            }
            AttributionAdditions attribution = has(top, "attribution")
                    ? attribution(top.entries().get("attribution").value()) : defaults.attribution();
            Map<String, List<String>> categories = new LinkedHashMap<>(defaults == null ? Map.of() : defaults.categories());
            if (has(top, "categories")) {
                categories.putAll(categories(top.entries().get("categories").value()));
                if (categories.size() > 64) {
                    throw error(top.entries().get("categories").value(), "categories", "at most 64 categories are supported");
                }
            }
            Limits limits = has(top, "limits") ? limits(top.entries().get("limits").value()) : defaults.limits();
            List<Rule> rules = has(top, "rules")
                    ? rules(top.entries().get("rules").value(), categories.keySet()) : defaults.rules();
            EvidencePolicy evidence = has(top, "evidence") ? evidence(top.entries().get("evidence").value()) : defaults.evidence();
            Map<String, IdentityRole> identities = new LinkedHashMap<>(defaults == null ? Map.of() : defaults.identities());
            if (has(top, "identities")) {
                identities.putAll(identities(top.entries().get("identities").value(), limits));
            }
            for (IdentityRole role : identities.values()) {
                if (role.ttl().compareTo(limits.maxTtl()) > 0) {
                    throw error(top.entries().containsKey("limits") ? top.entries().get("limits").value() : top,
                            "limits.maxTtl", "is " + Durations.format(limits.maxTtl()) + " but identity '" + role.name()
                                    + "' has ttl " + Durations.format(role.ttl()) + "; raise the cap or lower the ttl");
                }
            }
            ApprovalSettings approval = has(top, "approval") ? approval(top.entries().get("approval").value()) : defaults.approval();
            LedgerSettings ledger = has(top, "ledger") ? ledger(top.entries().get("ledger").value())
                    : defaults == null ? LedgerSettings.NONE : defaults.ledger();
            return new Policy(1, source, attribution, categories, rules, evidence, identities, limits, approval, ledger);
        }

        private AttributionAdditions attribution(Node node) throws PolicyException {
            MapNode m = map(node, "attribution", Set.of("trailers", "authors"));
            return new AttributionAdditions(
                    optionalStrings(m, "trailers", "attribution.trailers"),
                    optionalStrings(m, "authors", "attribution.authors"));
        }

        private Map<String, List<String>> categories(Node node) throws PolicyException {
            MapNode m = map(node, "categories", null);
            Map<String, List<String>> out = new LinkedHashMap<>();
            for (Entry e : m.entries().values()) {
                String field = "categories." + e.key();
                if (!e.key().matches("[a-z][a-z0-9-]{0,63}")) {
                    throw new PolicyException(source, e.keyMark().line(), e.keyMark().column(), field,
                            "a category id is lower-case letters, digits and '-', starting with a letter");
                }
                List<String> globs = strings(e.value(), field);
                for (int i = 0; i < globs.size(); i++) {
                    String problem = dev.aigov.risk.Glob.problem(globs.get(i));
                    if (problem != null) {
                        throw error(((ListNode) e.value()).items().get(i), field + "[" + i + "]", problem);
                    }
                }
                out.put(e.key(), globs);
            }
            return out;
        }

        private List<Rule> rules(Node node, Set<String> categoryIds) throws PolicyException {
            ListNode list = list(node, "rules");
            List<Rule> rules = new ArrayList<>();
            for (int i = 0; i < list.items().size(); i++) {
                String field = "rules[" + i + "]";
                MapNode rule = map(list.items().get(i), field, Set.of("when", "require", "deny"));
                if (!has(rule, "when")) {
                    throw error(rule, field + ".when", "required; say which changes the rule applies to, e.g. {aiAttributed: true}");
                }
                if (has(rule, "require") == has(rule, "deny")) {
                    throw error(rule, field, "needs exactly one of 'require' or 'deny'");
                }
                MapNode when = map(rule.entries().get("when").value(), field + ".when", Set.of("aiAttributed", "categories"));
                Boolean ai = has(when, "aiAttributed") ? bool(when.entries().get("aiAttributed").value(), field + ".when.aiAttributed") : null;
                List<String> categories = optionalStrings(when, "categories", field + ".when.categories");
                for (int c = 0; c < categories.size(); c++) {
                    if (!categoryIds.contains(categories.get(c))) {
                        throw error(((ListNode) when.entries().get("categories").value()).items().get(c),
                                field + ".when.categories[" + c + "]", "unknown category '" + categories.get(c)
                                        + "'; defined categories: " + String.join(", ", categoryIds));
                    }
                }
                Rule.Requirement requirement;
                if (has(rule, "deny")) {
                    String message = string(rule.entries().get("deny").value(), field + ".deny");
                    if (message.isBlank()) {
                        throw error(rule.entries().get("deny").value(), field + ".deny", "expected a message saying why the change is denied");
                    }
                    requirement = new Rule.Requirement(0, List.of(), false, message);
                } else {
                    MapNode req = map(rule.entries().get("require").value(), field + ".require",
                            Set.of("approvals", "groups", "architecturalReview"));
                    int approvals = has(req, "approvals") ? integer(req.entries().get("approvals").value(), field + ".require.approvals", 0, 20) : 0;
                    boolean architectural = has(req, "architecturalReview")
                            && bool(req.entries().get("architecturalReview").value(), field + ".require.architecturalReview");
                    if (architectural && approvals == 0) {
                        throw error(req, field + ".require.approvals", "architecturalReview needs at least 1 approval");
                    }
                    requirement = new Rule.Requirement(approvals, optionalStrings(req, "groups", field + ".require.groups"), architectural, "");
                }
                rules.add(new Rule(list.items().get(i).mark().line(), new Rule.Condition(ai, categories), requirement, source));
            }
            return rules;
        }

        private EvidencePolicy evidence(Node node) throws PolicyException {
            MapNode m = map(node, "evidence", Set.of("coverage", "staticAnalysis", "dependencies", "secrets"));
            EvidencePolicy.Coverage coverage = null;
            if (has(m, "coverage")) {
                MapNode c = map(m.entries().get("coverage").value(), "evidence.coverage", Set.of("minLine", "scope"));
                double minLine = has(c, "minLine") ? fraction(c.entries().get("minLine").value(), "evidence.coverage.minLine") : 0.80;
                String scope = has(c, "scope") ? oneOf(c.entries().get("scope").value(), "evidence.coverage.scope", COVERAGE_SCOPES) : "changed-files";
                coverage = new EvidencePolicy.Coverage(minLine, scope);
            }
            EvidencePolicy.StaticAnalysis sast = null;
            if (has(m, "staticAnalysis")) {
                MapNode s = map(m.entries().get("staticAnalysis").value(), "evidence.staticAnalysis", Set.of("maxNew"));
                Map<String, Integer> maxNew = new LinkedHashMap<>();
                if (has(s, "maxNew")) {
                    MapNode levels = map(s.entries().get("maxNew").value(), "evidence.staticAnalysis.maxNew", SARIF_LEVELS);
                    for (Entry e : levels.entries().values()) {
                        maxNew.put(e.key(), integer(e.value(), "evidence.staticAnalysis.maxNew." + e.key(), 0, Integer.MAX_VALUE));
                    }
                } else {
                    maxNew.put("error", 0);
                }
                sast = new EvidencePolicy.StaticAnalysis(maxNew);
            }
            EvidencePolicy.Dependencies deps = null;
            if (has(m, "dependencies")) {
                MapNode d = map(m.entries().get("dependencies").value(), "evidence.dependencies", Set.of("failOn"));
                List<String> failOn = has(d, "failOn") ? new ArrayList<>() : List.of("critical", "high");
                if (has(d, "failOn")) {
                    ListNode levels = list(d.entries().get("failOn").value(), "evidence.dependencies.failOn");
                    for (int i = 0; i < levels.items().size(); i++) {
                        failOn.add(oneOf(levels.items().get(i), "evidence.dependencies.failOn[" + i + "]", SEVERITIES));
                    }
                }
                deps = new EvidencePolicy.Dependencies(failOn);
            }
            EvidencePolicy.Secrets secrets = null;
            if (has(m, "secrets")) {
                MapNode s = map(m.entries().get("secrets").value(), "evidence.secrets", Set.of("scanAddedLines"));
                secrets = new EvidencePolicy.Secrets(!has(s, "scanAddedLines")
                        || bool(s.entries().get("scanAddedLines").value(), "evidence.secrets.scanAddedLines"));
            }
            return new EvidencePolicy(coverage, sast, deps, secrets);
        }

        private Map<String, IdentityRole> identities(Node node, Limits limits) throws PolicyException {
            MapNode m = map(node, "identities", null);
            Map<String, IdentityRole> out = new LinkedHashMap<>();
            for (Entry e : m.entries().values()) {
                String field = "identities." + e.key();
                if (!e.key().matches("[A-Za-z][A-Za-z0-9_-]{0,63}")) {
                    throw new PolicyException(source, e.keyMark().line(), e.keyMark().column(), field,
                            "a role name is letters, digits, '_' and '-', starting with a letter");
                }
                MapNode r = map(e.value(), field, Set.of("provider", "policies", "secret", "audience", "ttl", "numUses", "requiresApproval"));
                if (!has(r, "provider")) {
                    throw error(r, field + ".provider", "required; expected one of jwt, vault");
                }
                String provider = oneOf(r.entries().get("provider").value(), field + ".provider", PROVIDERS);
                List<String> policies = optionalStrings(r, "policies", field + ".policies");
                String secret = has(r, "secret") ? string(r.entries().get("secret").value(), field + ".secret") : "";
                String audience = has(r, "audience") ? string(r.entries().get("audience").value(), field + ".audience") : "";
                Duration ttl = has(r, "ttl") ? duration(r.entries().get("ttl").value(), field + ".ttl") : Duration.ofMinutes(15);
                int numUses = has(r, "numUses") ? integer(r.entries().get("numUses").value(), field + ".numUses", 0, Integer.MAX_VALUE) : 0;
                boolean requiresApproval = has(r, "requiresApproval") && bool(r.entries().get("requiresApproval").value(), field + ".requiresApproval");
                if (provider.equals("vault")) {
                    if (policies.isEmpty() && secret.isEmpty()) {
                        throw error(r, field, "a vault identity needs 'policies' (a child token) or 'secret' (a dynamic-secrets path), or both");
                    }
                    if (!audience.isEmpty()) {
                        throw error(r.entries().get("audience").value(), field + ".audience", "only jwt identities have an audience");
                    }
                } else {
                    if (!policies.isEmpty() || !secret.isEmpty() || numUses != 0) {
                        throw error(r, field, "'policies', 'secret' and 'numUses' are for vault identities; a jwt identity has 'audience' and 'ttl'");
                    }
                    if (audience.isEmpty()) {
                        audience = "aigov-" + e.key();
                    }
                }
                if (ttl.compareTo(limits.maxTtl()) > 0) {
                    throw error(r.entries().get("ttl").value(), field + ".ttl", "is " + Durations.format(ttl)
                            + ", above limits.maxTtl (" + Durations.format(limits.maxTtl()) + "); lower it or raise the cap");
                }
                out.put(e.key(), new IdentityRole(e.key(), provider, policies, secret, audience, ttl, numUses, requiresApproval));
            }
            return out;
        }

        private Limits limits(Node node) throws PolicyException {
            MapNode m = map(node, "limits", Set.of("maxTtl"));
            return new Limits(has(m, "maxTtl") ? duration(m.entries().get("maxTtl").value(), "limits.maxTtl") : Duration.ofHours(1));
        }

        private ApprovalSettings approval(Node node) throws PolicyException {
            MapNode m = map(node, "approval", Set.of("architectsGroup", "aliases", "agents", "allowedSigners", "groups"));
            String architects = has(m, "architectsGroup") ? string(m.entries().get("architectsGroup").value(), "approval.architectsGroup") : "architects";
            Map<String, String> aliases = new LinkedHashMap<>();
            if (has(m, "aliases")) {
                for (Entry e : map(m.entries().get("aliases").value(), "approval.aliases", null).entries().values()) {
                    aliases.put(e.key().toLowerCase(Locale.ROOT), string(e.value(), "approval.aliases." + e.key()));
                }
            }
            String allowedSigners = "";
            if (has(m, "allowedSigners")) {
                Node v = m.entries().get("allowedSigners").value();
                allowedSigners = string(v, "approval.allowedSigners").strip();
                if (allowedSigners.isEmpty() || allowedSigners.startsWith("/") || allowedSigners.contains("\\")
                        || java.util.Arrays.asList(allowedSigners.split("/")).contains("..")) {
                    throw error(v, "approval.allowedSigners", "expected a path relative to the policy file's directory, "
                            + "without '..' (e.g. allowed_signers), got '" + allowedSigners + "'");
                }
            }
            Map<String, List<String>> groups = new LinkedHashMap<>();
            if (has(m, "groups")) {
                for (Entry e : map(m.entries().get("groups").value(), "approval.groups", null).entries().values()) {
                    List<String> members = strings(e.value(), "approval.groups." + e.key());
                    for (String member : members) {
                        if (member.isBlank()) {
                            throw error(e.value(), "approval.groups." + e.key(), "a member is empty; expected principals "
                                    + "as in the allowed signers file, e.g. alice@example.org");
                        }
                    }
                    groups.put(e.key(), members);
                }
            }
            return new ApprovalSettings(architects, aliases, optionalStrings(m, "agents", "approval.agents"),
                    allowedSigners, groups);
        }

        private LedgerSettings ledger(Node node) throws PolicyException {
            MapNode m = map(node, "ledger", Set.of("trustedKeys"));
            List<String> keys = optionalStrings(m, "trustedKeys", "ledger.trustedKeys");
            for (String key : keys) {
                if (!key.strip().matches("[A-Za-z0-9_-]{43}=?")) {
                    throw error(m.entries().get("trustedKeys").value(), "ledger.trustedKeys",
                            "expected raw Ed25519 public keys in base64url (43 characters, as 'aigov key export' prints), got '"
                                    + key + "'");
                }
            }
            return new LedgerSettings(keys.stream().map(String::strip).toList());
        }

        // ---- typed readers; each names the field and what was expected

        private static boolean has(MapNode m, String key) {
            return m.entries().containsKey(key);
        }

        private MapNode map(Node node, String field, Set<String> allowed) throws PolicyException {
            if (!(node instanceof MapNode m)) {
                throw error(node, field, "expected a mapping (key: value), got " + node.kind());
            }
            if (allowed != null) {
                for (Entry e : m.entries().values()) {
                    if (!allowed.contains(e.key())) {
                        throw new PolicyException(source, e.keyMark().line(), e.keyMark().column(),
                                field.isEmpty() ? e.key() : field + "." + e.key(),
                                "unknown key; expected one of " + String.join(", ", new LinkedHashSet<>(allowed.stream().sorted().toList())));
                    }
                }
            }
            return m;
        }

        private ListNode list(Node node, String field) throws PolicyException {
            if (!(node instanceof ListNode l)) {
                throw error(node, field, "expected a list, got " + node.kind());
            }
            return l;
        }

        private String string(Node node, String field) throws PolicyException {
            if (node instanceof ScalarNode s && s.text() != null && s.token() != JsonToken.VALUE_NULL) {
                return s.text();
            }
            throw error(node, field, "expected text, got " + node.kind());
        }

        private List<String> strings(Node node, String field) throws PolicyException {
            ListNode l = list(node, field);
            List<String> out = new ArrayList<>();
            for (int i = 0; i < l.items().size(); i++) {
                Node item = l.items().get(i);
                if (!(item instanceof ScalarNode s) || s.token() != JsonToken.VALUE_STRING) {
                    throw error(item, field + "[" + i + "]", "expected text, got " + item.kind());
                }
                out.add(s.text());
            }
            return out;
        }

        private List<String> optionalStrings(MapNode m, String key, String field) throws PolicyException {
            return has(m, key) ? strings(m.entries().get(key).value(), field) : List.of();
        }

        private boolean bool(Node node, String field) throws PolicyException {
            if (node instanceof ScalarNode s && (s.token() == JsonToken.VALUE_TRUE || s.token() == JsonToken.VALUE_FALSE)) {
                return s.token() == JsonToken.VALUE_TRUE;
            }
            throw error(node, field, "expected true or false, got " + node.kind());
        }

        private int integer(Node node, String field, int min, int max) throws PolicyException {
            if (node instanceof ScalarNode s && s.token() == JsonToken.VALUE_NUMBER_INT) {
                try {
                    int value = Integer.parseInt(s.text());
                    if (value >= min && value <= max) {
                        return value;
                    }
                } catch (NumberFormatException ignored) {
                    // out of int range: reported below
                }
                throw error(node, field, "expected a whole number from " + min + " to " + max + ", got " + s.text());
            }
            throw error(node, field, "expected a whole number, got " + node.kind());
        }

        private double fraction(Node node, String field) throws PolicyException {
            if (node instanceof ScalarNode s && (s.token() == JsonToken.VALUE_NUMBER_FLOAT || s.token() == JsonToken.VALUE_NUMBER_INT)) {
                double value = Double.parseDouble(s.text());
                if (value >= 0 && value <= 1) {
                    return value;
                }
                throw error(node, field, "expected a fraction from 0 to 1 (e.g. 0.80 for 80%), got " + s.text());
            }
            throw error(node, field, "expected a fraction from 0 to 1 (e.g. 0.80), got " + node.kind());
        }

        private Duration duration(Node node, String field) throws PolicyException {
            if (node instanceof ScalarNode s && s.text() != null) {
                Duration d = Durations.parse(s.text()).orElse(null);
                if (d != null && !d.isZero()) {
                    return d;
                }
                throw error(node, field, "expected a duration like 90s, 15m or 1h30m, got '" + s.text() + "'");
            }
            throw error(node, field, "expected a duration like 90s, 15m or 1h30m, got " + node.kind());
        }

        private String oneOf(Node node, String field, Set<String> allowed) throws PolicyException {
            String value = string(node, field);
            if (!allowed.contains(value)) {
                throw error(node, field, "expected one of " + String.join(", ", allowed.stream().sorted().toList()) + ", got '" + value + "'");
            }
            return value;
        }

        private PolicyException error(Node node, String field, String problem) {
            return new PolicyException(source, node.mark().line(), node.mark().column(), field, problem);
        }
    }
}
