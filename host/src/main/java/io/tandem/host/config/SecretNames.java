package io.tandem.host.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which names hold secrets, for every output an operator may paste somewhere ({@code config show},
 * {@code export}): a name is secret when one of its words is token, secret, password, passwd,
 * credential(s), apikey, or key after another word ({@code api_key}, {@code OPENAI_API_KEY},
 * {@code privateKey}). A name whose last word is file, path or env is not: it holds the NAME of
 * the place the secret lives ({@code token_file}, {@code api_key_env}), never the secret, and
 * the place is never read. A bare {@code key} (a map's key column) is not a secret.
 */
public final class SecretNames {
    /** What a secret value is shown as. */
    public static final String MASK = "********";

    private static final Set<String> SECRET_WORDS = Set.of("token", "secret", "secrets", "password", "passwd",
            "credential", "credentials", "apikey");
    private static final Set<String> POINTER_WORDS = Set.of("file", "path", "env");

    private SecretNames() {
    }

    public static boolean isSecret(String name) {
        List<String> words = words(name);
        if (words.isEmpty() || POINTER_WORDS.contains(words.get(words.size() - 1))) {
            return false;
        }
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (SECRET_WORDS.contains(w) || (w.equals("key") && i > 0)) {
                return true;
            }
        }
        return false;
    }

    /** The value as shown: {@link #MASK} for a non-empty secret, an empty one stays empty. */
    public static String mask(String value) {
        return value == null || value.isEmpty() ? value : MASK;
    }

    /** A copy of {@code node} with every secret-named field's value masked, at any depth. */
    public static JsonNode maskFields(JsonNode node) {
        if (node instanceof ObjectNode o) {
            ObjectNode copy = o.objectNode();
            o.fields().forEachRemaining(e -> copy.set(e.getKey(), isSecret(e.getKey())
                    ? maskedValue(e.getValue()) : maskFields(e.getValue())));
            return copy;
        }
        if (node instanceof ArrayNode a) {
            ArrayNode copy = a.arrayNode();
            a.forEach(v -> copy.add(maskFields(v)));
            return copy;
        }
        return node;
    }

    private static JsonNode maskedValue(JsonNode v) {
        if (v == null || v.isNull() || (v.isTextual() && v.asText().isEmpty())) {
            return v;
        }
        return TextNode.valueOf(MASK);
    }

    static List<String> words(String name) {
        String spaced = name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
        return Arrays.stream(spaced.split("[^a-z0-9]+")).filter(s -> !s.isEmpty()).toList();
    }
}
