package dev.ludus.server;

import java.io.Serial;
import java.util.List;

/**
 * The configuration cannot be used. The message lists every problem, one per line, each naming the
 * key, the value found and what was expected: {@code server.port : 70000 (expected: 0 to 65535)}.
 */
public final class ConfigException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final transient List<String> problems;

    /** @param problems one line per problem, at least one */
    public ConfigException(List<String> problems) {
        super("invalid configuration:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    /** @return the problems, one line each */
    public List<String> problems() {
        return problems;
    }
}
