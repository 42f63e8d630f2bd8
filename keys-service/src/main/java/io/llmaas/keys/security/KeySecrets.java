package io.llmaas.keys.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Virtual key secrets: {@code sk-} followed by 32 CSPRNG bytes in URL-safe base64. Only their SHA-256 (hex) is ever
 * stored, plus a short prefix so people can tell their keys apart.
 */
public final class KeySecrets {

    public static final String PREFIX = "sk-";
    private static final int RANDOM_BYTES = 32;
    private static final int DISPLAY_CHARS = 6;
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeySecrets() {
    }

    public static String generate() {
        byte[] bytes = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String hash(String secret) {
        return HexFormat.of().formatHex(sha256(secret.getBytes(StandardCharsets.UTF_8)));
    }

    /** The displayable start of a secret, e.g. {@code sk-AbC1xY}; shown followed by an ellipsis. */
    public static String prefix(String secret) {
        return secret.substring(0, Math.min(secret.length(), PREFIX.length() + DISPLAY_CHARS));
    }

    public static boolean looksLikeHash(String value) {
        return value != null && value.length() == 64 && value.chars().allMatch(c -> Character.digit(c, 16) >= 0);
    }

    /** Constant-time comparison of two secrets (master key, service token). */
    public static boolean constantTimeEquals(String expected, String given) {
        if (expected == null || given == null) {
            return false;
        }
        return MessageDigest.isEqual(sha256(expected.getBytes(StandardCharsets.UTF_8)),
                sha256(given.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
