package dev.aigov.provenance;

import java.util.Locale;

/** How sure the detector is that a commit was written with an AI tool. Ordered strongest first. */
public enum Confidence {
    HIGH, MEDIUM, LOW, NONE;

    /** The lower-case name used in JSON and text output. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean atLeast(Confidence other) {
        return ordinal() <= other.ordinal();
    }
}
