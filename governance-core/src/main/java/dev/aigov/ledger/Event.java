package dev.aigov.ledger;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An event ready to append: a type and its payload. Only {@link Events}' typed builders make one, so nothing can
 * put a secret (or any free-form object) into a ledger by accident.
 */
public final class Event {
    private final String type;
    private final ObjectNode data;

    Event(String type, ObjectNode data) {
        this.type = type;
        this.data = data;
    }

    public String type() {
        return type;
    }

    ObjectNode data() {
        return data;
    }

    @Override
    public String toString() {
        return type + " " + data;
    }
}
