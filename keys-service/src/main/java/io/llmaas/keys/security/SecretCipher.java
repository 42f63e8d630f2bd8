package io.llmaas.keys.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import io.llmaas.contracts.error.ApiException;
import io.llmaas.keys.config.KeysConfig;

/**
 * Encrypts upstream API keys at rest with AES-256-GCM under {@code LLMAAS_ENCRYPTION_KEY}. Stored form:
 * base64(12-byte IV || ciphertext with tag). Without a configured key the service still runs; storing an upstream
 * API key is then refused (503), since keeping it in clear is not an option.
 */
@ApplicationScoped
public class SecretCipher {

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey key;

    public SecretCipher(KeysConfig config) {
        this.key = config.encryptionKey().map(SecretCipher::parseKey).orElse(null);
    }

    private static SecretKey parseKey(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("LLMAAS_ENCRYPTION_KEY is not valid base64");
        }
        if (bytes.length != 32) {
            throw new IllegalStateException("LLMAAS_ENCRYPTION_KEY must be 32 bytes (base64), got " + bytes.length);
        }
        return new SecretKeySpec(bytes, "AES");
    }

    public String encrypt(String clear) {
        if (key == null) {
            throw ApiException.unavailable(
                    "LLMAAS_ENCRYPTION_KEY is not configured: upstream API keys cannot be stored");
        }
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            byte[] sealed = cipher.doFinal(clear.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length)
                    .put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    public String decrypt(String stored) {
        if (stored == null) {
            return null;
        }
        if (key == null) {
            throw new IllegalStateException(
                    "LLMAAS_ENCRYPTION_KEY is not configured: stored upstream keys cannot be read");
        }
        try {
            byte[] all = Base64.getDecoder().decode(stored);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, IV_BYTES));
            return new String(cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException(
                    "A stored upstream API key cannot be decrypted with LLMAAS_ENCRYPTION_KEY", e);
        }
    }
}
