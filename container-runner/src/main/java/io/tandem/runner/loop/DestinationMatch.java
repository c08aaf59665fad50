package io.tandem.runner.loop;

import io.tandem.runner.store.Destination;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Turns the {@code to} of a send into one projected destination. An exact name wins; otherwise a
 * name or display name equal ignoring case is accepted when exactly one destination has it. Two
 * or more such candidates are ambiguous, none is unknown: both are refused listing the candidates,
 * so the agent can retry with an exact name instead of guessing. Pure: a function of the name
 * and the destinations.
 */
final class DestinationMatch {
    private DestinationMatch() {
    }

    /** The destination, or the refusal reason. */
    record Result(Destination destination, String refusal) {
    }

    static Result resolve(String name, Collection<Destination> all) {
        for (Destination d : all) {
            if (d.name().equals(name)) {
                return new Result(d, null);
            }
        }
        String folded = name.toLowerCase(Locale.ROOT);
        List<Destination> close = all.stream()
                .filter(d -> d.name().toLowerCase(Locale.ROOT).equals(folded)
                        || (d.displayName() != null && d.displayName().toLowerCase(Locale.ROOT).equals(folded)))
                .collect(Collectors.toList());
        if (close.size() == 1) {
            return new Result(close.get(0), null);
        }
        if (close.size() > 1) {
            return new Result(null, "destination '" + name + "' is ambiguous; candidates: " + describe(close)
                    + "; send to one exact name");
        }
        return new Result(null, "unknown destination '" + name + "'; "
                + (all.isEmpty() ? "this session has no destinations" : "candidates: " + describe(all)));
    }

    private static String describe(Collection<Destination> ds) {
        return ds.stream().map(d -> d.displayName() == null || d.displayName().equals(d.name()) ? d.name()
                : d.name() + " (" + d.displayName() + ")").collect(Collectors.joining(", "));
    }
}
