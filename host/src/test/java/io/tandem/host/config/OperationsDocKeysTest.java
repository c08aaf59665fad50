package io.tandem.host.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/operations.md} documents every configuration key with its real default (issue 11):
 * each leaf of {@code tandem-defaults.conf} is named on a line of the guide (in backticks, alone or
 * as {@code `section.first` / `leaf`} in a grouped table row) that also shows the default as the
 * defaults file has it. A key added without documentation, or a default changed without the guide,
 * fails here naming the key.
 */
class OperationsDocKeysTest {
    private static final Path GUIDE = Path.of("..", "docs", "operations.md");

    @Test
    void everyKeyIsDocumentedWithItsDefault() throws Exception {
        List<String> lines = Files.readAllLines(GUIDE);
        Config defaults = ConfigFactory.parseResources("tandem-defaults.conf");
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, ConfigValue> e : defaults.entrySet()) {
            String key = e.getKey();
            String shown = rendered(e.getValue());
            List<String> naming = lines.stream().filter(l -> names(l, key)).toList();
            if (naming.isEmpty()) {
                problems.add(key + ": not in docs/operations.md");
            } else if (naming.stream().noneMatch(l -> l.contains(shown))) {
                problems.add(key + ": its default '" + shown + "' is not on the line naming it");
            }
        }
        assertThat(problems).as("configuration keys vs docs/operations.md").isEmpty();
    }

    /** The key in backticks, or its last segment after {@code `section.other` /} on a grouped row. */
    private static boolean names(String line, String key) {
        if (line.contains("`" + key + "`")) {
            return true;
        }
        int dot = key.lastIndexOf('.');
        if (dot < 0) {
            return false;
        }
        String section = key.substring(0, dot);
        String leaf = key.substring(dot + 1);
        return line.startsWith("|") && line.contains("`" + section + ".") && line.contains("/ `" + leaf + "`");
    }

    /** The default as a reader sees it in the guide: a list by its first element, "" as "empty". */
    private static String rendered(ConfigValue v) {
        if (v.valueType() == ConfigValueType.LIST) {
            List<?> list = (List<?>) v.unwrapped();
            return list.isEmpty() ? "empty" : String.valueOf(list.get(0));
        }
        String s = String.valueOf(v.unwrapped());
        return s.isEmpty() ? "empty" : s;
    }
}
