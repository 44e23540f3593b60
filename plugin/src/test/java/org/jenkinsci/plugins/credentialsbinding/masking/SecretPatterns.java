package org.jenkinsci.plugins.credentialsbinding.masking;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Collection;
import java.util.Comparator;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jenkins.util.JenkinsJVM;

/**
 * Test double of credentials-binding's {@code SecretPatterns} (shadows the compile-only stub on the test class
 * path), with the upstream members and the behaviour the plugin depends on: the aggregate pattern can only be
 * built on the controller ({@link JenkinsJVM#checkJenkinsJVM()} first), each value quoted, longest first; the
 * masking stream replaces every match in a line with {@code ****} and may run anywhere.
 */
public class SecretPatterns {
    private static final int MINIMUM_ENCODED_LENGTH = 3;

    private SecretPatterns() {
    }

    public static Pattern getAggregateSecretPattern(Collection<String> inputs) {
        JenkinsJVM.checkJenkinsJVM();
        return Pattern.compile(inputs.stream().filter(input -> input.length() >= MINIMUM_ENCODED_LENGTH)
                .sorted(Comparator.comparingInt(String::length).reversed()).distinct().map(Pattern::quote)
                .collect(Collectors.joining("|")));
    }

    public static class MaskingOutputStream extends OutputStream {
        private final OutputStream out;
        private final Supplier<Pattern> secretPattern;
        private final String charsetName;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private Pattern pattern;

        public MaskingOutputStream(OutputStream out, Supplier<Pattern> secretPattern, String charsetName) {
            this.out = out;
            this.secretPattern = secretPattern;
            this.charsetName = charsetName;
        }

        @Override
        public void write(int b) throws IOException {
            line.write(b);
            if (b == '\n') {
                eol();
            }
        }

        private void eol() throws IOException {
            if (pattern == null) {
                pattern = secretPattern.get();
            }
            String text = line.toString(charsetName);
            line.reset();
            Matcher m = pattern == null || pattern.pattern().isEmpty() ? null : pattern.matcher(text);
            out.write((m != null ? m.replaceAll("****") : text).getBytes(charsetName));
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            if (line.size() > 0) {
                eol();
            }
            out.close();
        }
    }
}
