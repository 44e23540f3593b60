package dev.aigov.policy;

import java.time.Duration;

/** @param maxTtl no credential may live longer; a longer request is refused, not lowered */
public record Limits(Duration maxTtl) {
}
