package io.tandem.host.channels.telegram;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;

/**
 * The {@code callback_data} of an inline button. Telegram caps it at 64 bytes, while a question id
 * and an option value together can be far longer, so a button carries only {@code q:<short id>}
 * and the adapter keeps {@code telegram:cb:<short id>} → {@code (question_id, value)} in adapter
 * state. Pure. The short id is a digest of the pair, so delivering the same question twice (a
 * retry after a crash) maps to the same buttons and the same state rows.
 */
final class CallbackData {
    static final int MAX_BYTES = 64;
    private static final String PREFIX = "q:";
    private static final int ID_CHARS = 22;

    private CallbackData() {
    }

    /** What a button stands for. */
    record Target(String questionId, String value) {
    }

    /** The short id of (question, value): 22 url-safe base64 characters (132 bits of SHA-256). */
    static String shortId(String questionId, String value) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(questionId.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(value.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sha.digest()).substring(0, ID_CHARS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }

    /** The callback data for {@code shortId}. */
    static String data(String shortId) {
        return PREFIX + shortId;
    }

    /** The short id a button's data names, or empty for data this adapter did not write. */
    static Optional<String> parse(String data) {
        if (data == null || !data.startsWith(PREFIX) || data.length() != PREFIX.length() + ID_CHARS) {
            return Optional.empty();
        }
        String id = data.substring(PREFIX.length());
        return id.chars().allMatch(c -> c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                || c == '-' || c == '_')
                ? Optional.of(id) : Optional.empty();
    }

    /** The adapter-state key of {@code shortId}. */
    static String stateKey(String shortId) {
        return "telegram:cb:" + shortId;
    }
}
