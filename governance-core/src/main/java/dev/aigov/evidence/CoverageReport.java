package dev.aigov.evidence;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Line coverage from one JaCoCo XML, Cobertura XML or LCOV report, streamed: memory holds only the totals and the
 * counters of changed files, whatever the report's size.
 */
final class CoverageReport {
    final String format;
    long coveredLines;
    long totalLines;
    /** Changed repository path to {covered, total}. */
    final Map<String, long[]> changed = new HashMap<>();

    private CoverageReport(String format) {
        this.format = format;
    }

    private void add(RepoPaths paths, List<String> reportPaths, long covered, long total) {
        coveredLines += covered;
        totalLines += total;
        for (String reportPath : reportPaths) {
            String repoPath = paths.match(reportPath);
            if (repoPath != null) {
                long[] counts = changed.computeIfAbsent(repoPath, k -> new long[2]);
                counts[0] += covered;
                counts[1] += total;
                return;
            }
        }
    }

    static CoverageReport read(Reports.Opened report, RepoPaths paths) throws EvidenceException {
        try {
            report.in.mark(4096);
            byte[] head = report.in.readNBytes(4096);
            report.in.reset();
            String start = new String(head, StandardCharsets.UTF_8).stripLeading();
            if (start.startsWith("\uFEFF")) {
                start = start.substring(1).stripLeading();
            }
            if (start.startsWith("<")) {
                return readXml(report, paths);
            }
            if (start.startsWith("TN:") || start.startsWith("SF:")) {
                return readLcov(report, paths);
            }
            throw new EvidenceException(report.name, 1, 1,
                    "not a coverage report: expected JaCoCo XML, Cobertura XML or LCOV (TN:/SF: records)");
        } catch (IOException e) {
            throw new EvidenceException(report.name, "cannot read report: " + e.getMessage());
        }
    }

    private static CoverageReport readXml(Reports.Opened report, RepoPaths paths) throws EvidenceException {
        try {
            XMLStreamReader xml;
            try {
                xml = Reports.xmlFactory().createXMLStreamReader(Reports.decoded(report.forParser()));
            } catch (IOException e) {
                throw new EvidenceException(report.name, 1, 1, "malformed XML: " + e.getMessage());
            }
            try {
                while (xml.hasNext() && xml.next() != XMLStreamConstants.START_ELEMENT) {
                    if (xml.getEventType() == XMLStreamConstants.ENTITY_REFERENCE) {
                        throw refusedEntity(report, xml);
                    }
                }
                if (!xml.isStartElement()) {
                    throw new EvidenceException(report.name, "empty XML document");
                }
                return switch (xml.getLocalName()) {
                    case "report" -> readJacoco(report, xml, paths);
                    case "coverage" -> readCobertura(report, xml, paths);
                    default -> throw new EvidenceException(report.name, xml.getLocation().getLineNumber(),
                            xml.getLocation().getColumnNumber(), "unknown XML coverage format: root element <"
                            + xml.getLocalName() + ">, expected <report> (JaCoCo) or <coverage> (Cobertura)");
                };
            } finally {
                xml.close();
            }
        } catch (XMLStreamException e) {
            throw Reports.malformed(report.name, e);
        }
    }

    private static EvidenceException refusedEntity(Reports.Opened report, XMLStreamReader xml) {
        return new EvidenceException(report.name, xml.getLocation().getLineNumber(), xml.getLocation().getColumnNumber(),
                "entity reference &" + xml.getLocalName() + "; refused: DTDs and entities are not processed");
    }

    /** JaCoCo: {@code package name="a/b"} holds {@code sourcefile name="C.java"} whose LINE counter counts. */
    private static CoverageReport readJacoco(Reports.Opened report, XMLStreamReader xml, RepoPaths paths)
            throws XMLStreamException, EvidenceException {
        CoverageReport result = new CoverageReport("jacoco");
        Deque<String> stack = new ArrayDeque<>();
        stack.push("report");
        String packageName = "";
        String sourceFile = null;
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.ENTITY_REFERENCE) {
                throw refusedEntity(report, xml);
            }
            if (event == XMLStreamConstants.START_ELEMENT) {
                String name = xml.getLocalName();
                if (name.equals("package")) {
                    packageName = attribute(xml, "name", "");
                } else if (name.equals("sourcefile")) {
                    sourceFile = attribute(xml, "name", "");
                } else if (name.equals("counter") && "sourcefile".equals(stack.peek())
                        && "LINE".equals(xml.getAttributeValue(null, "type"))) {
                    long missed = number(report, xml, "missed");
                    long covered = number(report, xml, "covered");
                    String path = packageName.isEmpty() ? sourceFile : packageName + "/" + sourceFile;
                    result.add(paths, List.of(path), covered, covered + missed);
                }
                stack.push(name);
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                stack.pop();
            }
        }
        return result;
    }

    /**
     * Cobertura: each {@code class filename=".."} lists {@code lines/line hits=".."} (method-level lines repeat them
     * and are skipped). The file name is relative to one of {@code sources/source}.
     */
    private static CoverageReport readCobertura(Reports.Opened report, XMLStreamReader xml, RepoPaths paths)
            throws XMLStreamException, EvidenceException {
        CoverageReport result = new CoverageReport("cobertura");
        Deque<String> stack = new ArrayDeque<>();
        stack.push("coverage");
        List<String> sources = new ArrayList<>();
        String fileName = null;
        long covered = 0;
        long total = 0;
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.ENTITY_REFERENCE) {
                throw refusedEntity(report, xml);
            }
            if (event == XMLStreamConstants.START_ELEMENT) {
                String name = xml.getLocalName();
                if (name.equals("source")) {
                    sources.add(text(report, xml));
                    continue; // text() consumed the end tag
                }
                if (name.equals("class")) {
                    fileName = attribute(xml, "filename", "");
                    covered = 0;
                    total = 0;
                } else if (name.equals("line") && "lines".equals(stack.peek()) && fileName != null
                        && stack.size() >= 2 && "class".equals(secondOf(stack))) {
                    total++;
                    if (number(report, xml, "hits") > 0) {
                        covered++;
                    }
                }
                stack.push(name);
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                if (stack.pop().equals("class") && fileName != null) {
                    List<String> candidates = new ArrayList<>();
                    for (String source : sources) {
                        candidates.add(source + "/" + fileName);
                    }
                    candidates.add(fileName);
                    result.add(paths, candidates, covered, total);
                    fileName = null;
                }
            }
        }
        return result;
    }

    /** The element's text; unlike {@code getElementText}, an entity reference is an error, not silently dropped. */
    private static String text(Reports.Opened report, XMLStreamReader xml) throws XMLStreamException, EvidenceException {
        StringBuilder text = new StringBuilder();
        while (true) {
            int event = xml.next();
            switch (event) {
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                        text.append(xml.getText());
                case XMLStreamConstants.ENTITY_REFERENCE -> throw refusedEntity(report, xml);
                case XMLStreamConstants.END_ELEMENT -> {
                    return text.toString().trim();
                }
                case XMLStreamConstants.START_ELEMENT -> throw new EvidenceException(report.name,
                        xml.getLocation().getLineNumber(), xml.getLocation().getColumnNumber(),
                        "<source> must hold text only, found <" + xml.getLocalName() + ">");
                default -> { } // comments and processing instructions
            }
        }
    }

    private static String secondOf(Deque<String> stack) {
        var it = stack.iterator();
        it.next();
        return it.next();
    }

    /** LCOV: {@code SF:} starts a file, {@code DA:line,hits} per line, {@code end_of_record} ends it. */
    private static CoverageReport readLcov(Reports.Opened report, RepoPaths paths) throws IOException, EvidenceException {
        CoverageReport result = new CoverageReport("lcov");
        BufferedReader reader = new BufferedReader(new InputStreamReader(report.forParser(), StandardCharsets.UTF_8));
        String file = null;
        long covered = 0;
        long total = 0;
        long summaryFound = -1;
        long summaryHit = -1;
        int lineNumber = 0;
        for (String line; (line = reader.readLine()) != null; ) {
            lineNumber++;
            line = line.strip();
            if (line.startsWith("SF:")) {
                file = line.substring(3);
                covered = total = 0;
                summaryFound = summaryHit = -1;
            } else if (line.startsWith("DA:")) {
                String[] parts = line.substring(3).split(",");
                if (file == null || parts.length < 2) {
                    throw new EvidenceException(report.name, lineNumber, 1, "LCOV: DA record outside SF or without hits");
                }
                total++;
                if (parseLong(report, lineNumber, parts[1]) > 0) {
                    covered++;
                }
            } else if (line.startsWith("LF:")) {
                summaryFound = parseLong(report, lineNumber, line.substring(3));
            } else if (line.startsWith("LH:")) {
                summaryHit = parseLong(report, lineNumber, line.substring(3));
            } else if (line.equals("end_of_record")) {
                if (file == null) {
                    throw new EvidenceException(report.name, lineNumber, 1, "LCOV: end_of_record without SF");
                }
                if (total == 0 && summaryFound >= 0) { // a report with only LF/LH summaries
                    total = summaryFound;
                    covered = Math.max(summaryHit, 0);
                }
                result.add(paths, List.of(file), covered, total);
                file = null;
            }
        }
        if (file != null) {
            throw new EvidenceException(report.name, lineNumber, 1, "LCOV: record for " + file + " has no end_of_record");
        }
        return result;
    }

    private static String attribute(XMLStreamReader xml, String name, String fallback) {
        String value = xml.getAttributeValue(null, name);
        return value == null ? fallback : value;
    }

    private static long number(Reports.Opened report, XMLStreamReader xml, String attribute) throws EvidenceException {
        String value = xml.getAttributeValue(null, attribute);
        try {
            return Long.parseLong(value == null ? "" : value.trim());
        } catch (NumberFormatException e) {
            throw new EvidenceException(report.name, xml.getLocation().getLineNumber(), xml.getLocation().getColumnNumber(),
                    "<" + xml.getLocalName() + "> attribute " + attribute + " must be a number, was '" + value + "'");
        }
    }

    private static long parseLong(Reports.Opened report, int line, String value) throws EvidenceException {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new EvidenceException(report.name, line, 1, "LCOV: expected a number, was '" + value + "'");
        }
    }
}
