package dev.aigov.evidence;

import dev.aigov.provenance.ChangeSourceException;

import java.util.function.Consumer;

/**
 * The patches of every commit of a range, line by line, as {@code git log -p -U0} writes them with each commit's
 * header line being the byte {@code 0x01} and the commit id, newest commit first
 * ({@code GitChangeSource::commitPatches}). Read once, streamed: a long history is never held whole.
 */
@FunctionalInterface
public interface PatchStream {
    void read(Consumer<String> lines) throws ChangeSourceException;
}
