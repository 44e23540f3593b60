/** Command-line benchmarks, one class per measurement, each with a {@code main}; run with {@code ./bench NAME}. */
package dev.aigov.bench;
