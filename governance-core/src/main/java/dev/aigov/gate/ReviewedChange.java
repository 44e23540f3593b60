package dev.aigov.gate;

import dev.aigov.provenance.Commit;

import java.util.List;

/**
 * What the evidence checks look at: the AI-attributed commits and the paths they changed.
 *
 * @param aiCommits  the AI-attributed commits, newest first
 * @param aiPaths    every path an AI-attributed commit changed, sorted, distinct
 * @param headCommit the newest commit of the range under review (evidence must be for it)
 */
public record ReviewedChange(List<Commit> aiCommits, List<String> aiPaths, String headCommit) {
    public ReviewedChange {
        aiCommits = List.copyOf(aiCommits);
        aiPaths = List.copyOf(aiPaths);
    }
}
