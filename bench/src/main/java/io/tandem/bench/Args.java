package io.tandem.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code --name value} options, {@code --flag} switches and positional words of a bench mode. */
public final class Args {
    private final Map<String, String> options = new HashMap<>();
    private final List<String> positional = new ArrayList<>();

    public Args(List<String> args, List<String> switches) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith("--")) {
                String name = a.substring(2);
                if (switches.contains(name)) {
                    options.put(name, "true");
                } else if (i + 1 < args.size()) {
                    options.put(name, args.get(++i));
                } else {
                    throw new IllegalArgumentException("option " + a + " needs a value");
                }
            } else {
                positional.add(a);
            }
        }
    }

    public boolean flag(String name) {
        return options.containsKey(name);
    }

    public int integer(String name, int dflt) {
        String v = options.get(name);
        return v == null ? dflt : Integer.parseInt(v);
    }

    public double decimal(String name, double dflt) {
        String v = options.get(name);
        return v == null ? dflt : Double.parseDouble(v);
    }

    public int positional(int index, int dflt) {
        return index < positional.size() ? Integer.parseInt(positional.get(index)) : dflt;
    }
}
