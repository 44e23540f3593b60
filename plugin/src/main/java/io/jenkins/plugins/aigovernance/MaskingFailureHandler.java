package io.jenkins.plugins.aigovernance;

import hudson.AbortException;
import hudson.util.Secret;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jenkinsci.plugins.credentialsbinding.masking.SecretPatterns;
import org.jenkinsci.plugins.workflow.steps.FailureHandler;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * Masks the issued values in whatever the body throws, before Pipeline records it on the flow node (and shows it
 * in the console, the build page and the REST API), as credentials binding does since SECURITY-3499. A throwable
 * that mentions no value is passed on unchanged (its type matters to Pipeline: aborts, timeouts); one that does is
 * replaced by a copy whose messages, causes and suppressed throwables are masked, with the original stack trace.
 * The pattern is built on the controller when the handler is made and kept in a {@link Secret}.
 */
final class MaskingFailureHandler implements FailureHandler {
    private static final long serialVersionUID = 1L;

    private final Secret pattern;

    MaskingFailureHandler(Collection<String> values) {
        this.pattern = Secret.fromString(SecretPatterns.getAggregateSecretPattern(values).pattern());
    }

    @Override
    public Throwable handle(StepContext ctx, Throwable t) {
        String regex = Secret.toString(pattern);
        if (regex.isEmpty()) {
            return t;
        }
        Pattern compiled = Pattern.compile(regex);
        return mentions(t, compiled, Collections.newSetFromMap(new IdentityHashMap<>()))
                ? masked(t, compiled, new IdentityHashMap<>()) : t;
    }

    private static boolean mentions(Throwable t, Pattern pattern, Set<Throwable> seen) {
        if (t == null || !seen.add(t)) {
            return false;
        }
        if (pattern.matcher(String.valueOf(t)).find() || t.getMessage() != null && pattern.matcher(t.getMessage()).find()) {
            return true;
        }
        for (Throwable suppressed : t.getSuppressed()) {
            if (mentions(suppressed, pattern, seen)) {
                return true;
            }
        }
        return mentions(t.getCause(), pattern, seen);
    }

    private static Throwable masked(Throwable t, Pattern pattern, Map<Throwable, Throwable> done) {
        Throwable copy = done.get(t);
        if (copy != null) {
            return copy;
        }
        copy = t instanceof AbortException ? new AbortException(mask(t.getMessage(), pattern))
                : new MaskedException(mask(String.valueOf(t), pattern));
        done.put(t, copy);
        copy.setStackTrace(t.getStackTrace());
        if (t.getCause() != null) {
            copy.initCause(masked(t.getCause(), pattern, done));
        }
        for (Throwable suppressed : t.getSuppressed()) {
            copy.addSuppressed(masked(suppressed, pattern, done));
        }
        return copy;
    }

    private static String mask(String text, Pattern pattern) {
        return text == null ? null : pattern.matcher(text).replaceAll("****");
    }

    /** Stands for a throwable whose text named an issued value: its {@code toString()}, masked, is the message. */
    static final class MaskedException extends Exception {
        private static final long serialVersionUID = 1L;

        MaskedException(String message) {
            super(message);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }
}
