package dev.aigov.evidence;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static dev.aigov.evidence.Fixtures.coverageOnly;
import static dev.aigov.evidence.Fixtures.inputs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The XML parser never prints its own "[Fatal Error]" lines: every problem comes back as our one error. */
class XmlErrorsTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private PrintStream saved;

    @BeforeEach
    void captureStderr() {
        saved = System.err;
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setErr(saved);
    }

    @Test
    void aBinaryCoverageFileIsOneErrorOfOursAndNothingOnStderr() throws Exception {
        byte[] bytes = new byte[4096];
        new Random(5).nextBytes(bytes);
        byte[] prolog = "<?xml version=\"1.0\"?>\n".getBytes(StandardCharsets.UTF_8);
        byte[] invalidUtf8 = java.util.Arrays.copyOf(prolog, prolog.length + 4);
        invalidUtf8[prolog.length] = '<';
        invalidUtf8[prolog.length + 1] = (byte) 0xc3; // a 2-byte sequence whose second byte is not a continuation
        invalidUtf8[prolog.length + 2] = (byte) 0x41;
        invalidUtf8[prolog.length + 3] = '>';
        for (byte[] content : new byte[][] {invalidUtf8, bytes, new byte[] {0, 0, 0, 0}, "\u00ff\u00fe<x".getBytes(StandardCharsets.UTF_16LE),
                "<?xml version=\"1.0\" encoding=\"nonsense\"?><report/>".getBytes(StandardCharsets.UTF_8)}) {
            Path report = Files.write(dir.resolve("binary.xml"), content);
            EvidenceException e = catchThrowableOfType(EvidenceException.class,
                    () -> inputs().coverage(report).changed("src/A.java").evaluate(coverageOnly(0.8, "changed-files")));
            assertThat(e).isNotNull();
            assertThat(e.getMessage()).startsWith(report.toString());
            if (content == invalidUtf8) {
                assertThat(e.getMessage()).isEqualTo(report + ": malformed XML: not text in its declared encoding (a binary file?)");
            }
        }
        assertThat(stderr.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
