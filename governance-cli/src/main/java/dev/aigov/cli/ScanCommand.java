package dev.aigov.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.aigov.gate.AttributedCommit;
import dev.aigov.gate.GateResultMaps;
import dev.aigov.policy.AttributionAdditions;
import dev.aigov.policy.PolicyException;
import dev.aigov.policy.PolicyLoader;
import dev.aigov.provenance.Attribution;
import dev.aigov.provenance.AttributionEvidence;
import dev.aigov.provenance.ChangeSourceException;
import dev.aigov.provenance.ChangedPath;
import dev.aigov.provenance.Commit;
import dev.aigov.provenance.ProvenanceDetector;
import dev.aigov.provenance.Confidence;
import dev.aigov.provenance.GitChangeSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

@Command(name = "scan", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"List the commits of a range with their AI attribution: whether each is AI-attributed, how sure, "
                + "which tools, the evidence found, and the paths it changed.",
                "Exit 0 when the scan ran; 2 when the repository or range does not exist or the policy is invalid."})
final class ScanCommand implements Callable<Integer> {

    private static final int SUBJECT_WIDTH = 72;

    /**
     * The JSON mapper, created on first JSON output (on the writer thread): its class initialisation (about 40 ms,
     * mostly its date format's locale data) then overlaps git instead of delaying git's start.
     */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    }

    enum Format { text, json }

    @Spec
    CommandSpec spec;

    @Mixin
    RangeOptions change;

    @Option(names = "--policy", paramLabel = "FILE",
            description = "Policy YAML whose 'attribution' section adds trailer keys and agent identities to the built-in "
                    + "AI markers. Default: the built-in policy.")
    Path policy;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (aligned columns for people, the default) or json: {\"commits\": [newest first: commit, "
                    + "aiAttributed, confidence, tools, evidence, paths], \"summary\": {...}}.")
    Format format;

    @Override
    public Integer call() {
        Terminal terminal = Terminal.detect();
        if (format == Format.json) {
            streamJson(terminal);
            return ExitCodes.OK;
        }
        AttributedRange attributed = change.read(additions(), terminal, spec.commandLine().getErr());
        GitChangeSource source = attributed.source();
        List<AttributedCommit> scanned = attributed.commits();
        PrintWriter out = spec.commandLine().getOut();
        writeText(out, terminal, source, scanned);
        out.flush();
        return ExitCodes.OK;
    }

    private AttributionAdditions additions() {
        if (policy == null) {
            return PolicyLoader.builtIn().attribution();
        }
        try {
            return PolicyLoader.load(policy).attribution();
        } catch (PolicyException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    // -- JSON: the contract other tools read -----------------------------------------------------------------

    private static final int BATCH = 256;
    private static final List<Commit> END = List.of();

    /**
     * The JSON document written while git still runs: the thread reading git's output parses commits and hands them
     * over in batches; a second thread detects and prints each at once. Nothing is kept but the summary's counts, so
     * a long history costs neither memory nor a pause at the end, and printing overlaps git's own work. git log is
     * started as soon as the range is known: the writer thread loads the policy and the marker catalogue meanwhile
     * (tens of milliseconds of a short run), and an invalid policy stops git and prints nothing.
     */
    private void streamJson(Terminal terminal) {
        GitChangeSource source;
        try {
            source = change.open();
        } catch (ChangeSourceException e) {
            throw new UsageException(e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        Counts counts = new Counts();
        BlockingQueue<List<Commit>> queue = new ArrayBlockingQueue<>(64);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        JsonGenerator[] generator = new JsonGenerator[1]; // the writer's; read here after it has ended
        Thread writer = Thread.ofPlatform().name("aigov-scan-writer").start(() -> {
            ProvenanceDetector detector = null;
            JsonGenerator json = null;
            try {
                detector = ProvenanceDetector.withAdditions(additions()).withEntireCheckpoints(source.entireCheckpointAgents());
                json = Json.MAPPER.createGenerator(out);
                generator[0] = json;
                json.writeStartObject();
                json.writeArrayFieldStart("commits");
            } catch (IOException | RuntimeException e) {
                failure.compareAndSet(null, e);
            }
            try {
                for (List<Commit> batch; (batch = queue.take()) != END; ) {
                    if (failure.get() != null) {
                        continue; // keep draining so the reader never blocks
                    }
                    try {
                        for (Commit commit : batch) {
                            Attribution attribution = detector.detect(commit);
                            counts.add(attribution);
                            writeCommit(json, attribution, commit.paths());
                        }
                    } catch (IOException | RuntimeException e) {
                        failure.compareAndSet(null, e);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try (Terminal.Progress progress = terminal.progress(spec.commandLine().getErr(), "reading " + source.describe())) {
            List<List<Commit>> pending = new ArrayList<>(1);
            pending.add(new ArrayList<>(BATCH));
            source.forEachCommit(commit -> {
                List<Commit> batch = pending.get(0);
                batch.add(commit);
                if (batch.size() == BATCH) {
                    if (failure.get() != null) {
                        throw new WriterFailed(); // stops git: nothing more will be printed
                    }
                    put(queue, batch);
                    pending.set(0, new ArrayList<>(BATCH));
                }
                progress.step();
            });
            put(queue, pending.get(0));
        } catch (ChangeSourceException e) {
            throw new UsageException(e.getMessage(), e);
        } catch (WriterFailed e) {
            // reported below
        } finally {
            put(queue, END);
            join(writer);
        }
        if (failure.get() instanceof UsageException usage) {
            throw usage; // the policy
        }
        try {
            if (failure.get() != null) {
                throw failure.get() instanceof IOException io ? io : new IOException(failure.get().getMessage(), failure.get());
            }
            JsonGenerator json = generator[0];
            json.writeEndArray();
            counts.writeSummary(json, source);
            json.writeEndObject();
            json.flush();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
        out.println();
        out.flush();
    }

    /** Thrown by the reader's sink to stop git once the writer has failed. */
    private static final class WriterFailed extends RuntimeException {
        WriterFailed() {
            super(null, null, false, false);
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while scanning", e);
        }
    }

    /**
     * One commit, field by field, exactly as {@link GateResultMaps#attribution} would serialize (the gate's report
     * uses that map; a test holds the two equal): no map per commit and no flush per commit (the mapper's
     * {@code writeObject} flushed, a write system call for each of 100,000 commits).
     */
    private static void writeCommit(JsonGenerator json, Attribution attribution, List<ChangedPath> paths) throws IOException {
        json.writeStartObject();
        json.writeStringField("commit", attribution.commit());
        json.writeBooleanField("aiAttributed", attribution.aiAttributed());
        json.writeStringField("confidence", attribution.confidence().id());
        json.writeArrayFieldStart("tools");
        for (String tool : attribution.tools()) {
            json.writeString(tool);
        }
        json.writeEndArray();
        json.writeArrayFieldStart("evidence");
        for (AttributionEvidence evidence : attribution.evidence()) {
            json.writeStartObject();
            json.writeStringField("source", evidence.source());
            json.writeStringField("marker", evidence.marker());
            json.writeStringField("tool", evidence.tool());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeArrayFieldStart("paths");
        for (ChangedPath path : paths) {
            json.writeString(path.path());
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void put(BlockingQueue<List<Commit>> queue, List<Commit> batch) {
        try {
            queue.put(batch);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while scanning", e);
        }
    }

    /** The summary's counts, kept while commits stream past. */
    private static final class Counts {
        private final Map<Confidence, Integer> byConfidence = new EnumMap<>(Confidence.class);
        private final Map<String, Integer> tools = new TreeMap<>();
        private int commits;
        private int ai;

        Counts() {
            for (Confidence confidence : Confidence.values()) {
                byConfidence.put(confidence, 0);
            }
        }

        void add(Attribution attribution) {
            commits++;
            byConfidence.merge(attribution.confidence(), 1, Integer::sum);
            if (attribution.aiAttributed()) {
                ai++;
                attribution.tools().forEach(tool -> tools.merge(tool, 1, Integer::sum));
            }
        }

        /** The summary object, field by field like the commits (no map serializers to set up at the very end). */
        void writeSummary(JsonGenerator json, GitChangeSource source) throws IOException {
            json.writeObjectFieldStart("summary");
            json.writeStringField("repository", source.repository().toString());
            json.writeStringField("range", source.describe());
            json.writeNumberField("commits", commits);
            json.writeNumberField("aiAttributed", ai);
            json.writeObjectFieldStart("confidence");
            for (Map.Entry<Confidence, Integer> grade : byConfidence.entrySet()) {
                json.writeNumberField(grade.getKey().id(), grade.getValue());
            }
            json.writeEndObject();
            json.writeObjectFieldStart("tools");
            for (Map.Entry<String, Integer> tool : tools.entrySet()) {
                json.writeNumberField(tool.getKey(), tool.getValue());
            }
            json.writeEndObject();
            json.writeBooleanField("renameDetection", source.renameDetection());
            json.writeArrayFieldStart("limitations");
            for (String limitation : source.limitations()) {
                json.writeString(limitation);
            }
            json.writeEndArray();
            json.writeEndObject();
        }
    }

    // -- text: for people ------------------------------------------------------------------------------------

    private static void writeText(PrintWriter out, Terminal terminal, GitChangeSource source, List<AttributedCommit> scanned) {
        long ai = scanned.stream().filter(each -> each.attribution().aiAttributed()).count();
        out.println(Terminal.visible(source.describe()) + ": " + plural(scanned.size(), "commit") + ", " + ai + " AI-attributed");
        source.limitations().forEach(limitation -> out.println("note: " + Terminal.visible(limitation)));
        if (scanned.isEmpty()) {
            return;
        }
        int toolsWidth = "TOOLS".length();
        for (AttributedCommit each : scanned) {
            toolsWidth = Math.max(toolsWidth, Terminal.visible(String.join(",", each.attribution().tools())).length());
        }
        String row = "%-10s %-3s %-10s %-" + toolsWidth + "s %s";
        out.println();
        out.println(terminal.colour("1", String.format(row, "COMMIT", "AI", "CONFIDENCE", "TOOLS", "SUBJECT").strip()));
        for (AttributedCommit each : scanned) {
            Attribution attribution = each.attribution();
            String line = String.format(row, each.commit().id().substring(0, Math.min(10, each.commit().id().length())),
                    attribution.aiAttributed() ? "yes" : "no", attribution.confidence().id(),
                    attribution.tools().isEmpty() ? "-" : Terminal.visible(String.join(",", attribution.tools())),
                    shorten(Terminal.visible(each.commit().subject()), SUBJECT_WIDTH)).stripTrailing();
            out.println(attribution.aiAttributed() ? terminal.colour(colourOf(attribution.confidence()), line) : line);
            if (!attribution.evidence().isEmpty()) {
                AttributionEvidence strongest = attribution.evidence().get(0);
                out.println(terminal.colour("2", "           " + strongest.source() + ": " + shorten(Terminal.visible(strongest.marker()), SUBJECT_WIDTH)
                        + (attribution.evidence().size() > 1 ? " (+" + (attribution.evidence().size() - 1) + " more)" : "")));
            }
        }
    }

    private static String colourOf(Confidence confidence) {
        return confidence == Confidence.HIGH ? "31" : "33";
    }

    private static String plural(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    private static String shorten(String text, int width) {
        String line = text.replace('\t', ' ').replace('\r', ' ');
        return line.length() <= width ? line : line.substring(0, width - 1) + "…";
    }
}
