package dev.aigov.evidence;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Opening report files safely: digests while reading, hardened XML, size-capped JSON, positioned errors. */
final class Reports {
    /** JSON documents read whole as a tree (CycloneDX) are refused above this size; SARIF is streamed instead. */
    static final long MAX_TREE_JSON_BYTES = 64L * 1024 * 1024;

    static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200).build())
            .build());

    private Reports() {
    }

    /** A report being read: the stream digests every byte that passes through it. */
    static final class Opened implements AutoCloseable {
        final Path path;
        final String name;
        final InputStream in;
        private final MessageDigest digest;

        private Opened(Path path, InputStream in, MessageDigest digest) {
            this.path = path;
            this.name = path.toString();
            this.in = in;
            this.digest = digest;
        }

        /** The stream for a parser: closing it (StAX and Jackson close their source) leaves the file open for the digest. */
        InputStream forParser() {
            return new java.io.FilterInputStream(in) {
                @Override
                public void close() {
                }
            };
        }

        /** Reads what the parser left unread, then returns the digest of the whole file. */
        CheckSummary.ReportDigest finish(String format, boolean used) throws IOException {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return new CheckSummary.ReportDigest(name, format, HexFormat.of().formatHex(digest.digest()),
                    Files.size(path), used);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    static Opened open(Path path) throws EvidenceException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            InputStream in = new BufferedInputStream(new DigestInputStream(
                    dev.aigov.files.SafeFiles.open(path, dev.aigov.files.SafeFiles.Kind.EVIDENCE), digest), 1 << 16);
            return new Opened(path, in, digest);
        } catch (IOException e) {
            String problem = dev.aigov.files.SafeFiles.describe(e, path);
            throw new EvidenceException(path.toString(), problem.endsWith("no such file or directory") ? "report file not found"
                    : "cannot read report: " + problem.substring(problem.indexOf(": ") + 2));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The JDK's own StAX (never whichever implementation the classpath offers, e.g. in Jenkins) with DTDs and external
     * entities off: a DOCTYPE is skipped unread, and a reference to an entity it declares is an error.
     */
    static XMLInputFactory xmlFactory() {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        trySet(factory, XMLConstants.ACCESS_EXTERNAL_DTD, "");
        trySet(factory, XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        // Problems come back as exceptions that we word; the parser itself must never print (it would write
        // "[Fatal Error] :-1:-1: ..." to stderr through its default handler).
        factory.setXMLReporter((message, type, info, location) -> { });
        return factory;
    }

    private static final java.util.regex.Pattern DECLARED_ENCODING =
            java.util.regex.Pattern.compile("^<\\?xml[^>]*?encoding\\s*=\\s*[\"']([A-Za-z0-9._:-]+)[\"']");

    /**
     * The XML's characters, decoded by us and strictly (a malformed byte is an error, never a replacement): given
     * bytes, the JDK's parser decodes them itself and prints {@code [Fatal Error] :-1:-1: ...} on stderr for a bad
     * byte sequence, past any handler we can set. The encoding is the byte-order mark's, else the declaration's,
     * else UTF-8, as XML specifies.
     */
    static java.io.Reader decoded(InputStream in) throws IOException {
        BufferedInputStream bytes = new BufferedInputStream(in, 1 << 16);
        bytes.mark(1024);
        byte[] head = bytes.readNBytes(1024);
        bytes.reset();
        java.nio.charset.Charset charset = java.nio.charset.StandardCharsets.UTF_8;
        int bom = 0;
        if (head.length >= 3 && (head[0] & 0xff) == 0xef && (head[1] & 0xff) == 0xbb && (head[2] & 0xff) == 0xbf) {
            bom = 3;
        } else if (head.length >= 2 && (head[0] & 0xff) == 0xfe && (head[1] & 0xff) == 0xff) {
            charset = java.nio.charset.StandardCharsets.UTF_16BE;
            bom = 2;
        } else if (head.length >= 2 && (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xfe) {
            charset = java.nio.charset.StandardCharsets.UTF_16LE;
            bom = 2;
        } else {
            var declared = DECLARED_ENCODING.matcher(new String(head, java.nio.charset.StandardCharsets.ISO_8859_1));
            if (declared.find()) {
                try {
                    charset = java.nio.charset.Charset.forName(declared.group(1));
                } catch (IllegalArgumentException e) {
                    throw new IOException("unsupported encoding '" + declared.group(1) + "'");
                }
            }
        }
        bytes.skipNBytes(bom);
        return new java.io.InputStreamReader(bytes, charset.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT));
    }

    private static void trySet(XMLInputFactory factory, String property, Object value) {
        if (factory.isPropertySupported(property)) {
            factory.setProperty(property, value);
        }
    }

    static EvidenceException malformed(String file, XMLStreamException e) {
        Location at = e.getLocation();
        String message = e.getMessage() == null ? "malformed XML" : e.getMessage();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.nio.charset.CharacterCodingException) {
                message = "not text in its declared encoding (a binary file?)";
            }
        }
        // The JDK prefixes "ParseError at [row,col]:[..]" and a line break; keep only the explanation.
        int newline = message.indexOf("Message: ");
        message = newline >= 0 ? message.substring(newline + "Message: ".length()) : message;
        return at == null ? new EvidenceException(file, "malformed XML: " + message)
                : new EvidenceException(file, at.getLineNumber(), at.getColumnNumber(), "malformed XML: " + message);
    }

    static EvidenceException malformed(String file, JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String message = e.getOriginalMessage();
        return at == null ? new EvidenceException(file, "malformed JSON: " + message)
                : new EvidenceException(file, at.getLineNr(), at.getColumnNr(), "malformed JSON: " + message);
    }
}
