package io.tandem.host.channels;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * A file attached to an outbound chat message, as delivery found it in the session's
 * {@code out/outbox/<message_out_id>/}: a regular file (never a symbolic link) of {@code size}
 * bytes, at most {@code delivery.max_file}. {@code type} is a well-formed MIME type (safe in a
 * header). An adapter reads it through {@link #open()}, which refuses a link swapped in since.
 */
public record OutboundFile(String name, String type, long size, Path path) {
    /** The MIME type used when the row names none or a malformed one. */
    public static final String DEFAULT_TYPE = "application/octet-stream";
    private static final Pattern MIME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/"
            + "[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}");
    private static final int MAX_NAME = 255;

    /** Opens the file for reading without following a symbolic link. */
    public InputStream open() throws IOException {
        return Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Whether {@code name} is a plain base name: not empty, not {@code .} or {@code ..}, no path
     * separator, no control character, at most 255 characters.
     */
    public static boolean validName(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME || name.equals(".") || name.equals("..")) {
            return false;
        }
        return name.chars().noneMatch(ch -> ch == '/' || ch == '\\' || ch < 0x20 || ch == 0x7f);
    }

    /** {@code type} when it is a well-formed {@code type/subtype}, else {@link #DEFAULT_TYPE}. */
    public static String safeType(String type) {
        return type != null && MIME.matcher(type).matches() ? type : DEFAULT_TYPE;
    }
}
