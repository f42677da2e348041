package io.urbanflow.sources.text;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Interns vehicle ids read as bytes: a fleet has a few hundred to a few thousand vehicles, so decoding the same
 * id again for every point would allocate a string per point for nothing. Not thread-safe (one per reader).
 *
 * <p>Invariants: an open-addressing table (linear probing, power-of-two size, at most half full) maps the id's
 * bytes to its string. It grows up to {@link #MAX_ENTRIES} ids; when that is reached it is cleared and starts
 * again, so memory stays bounded even for an input with millions of distinct ids (where caching would not help
 * anyway). Ids are decoded as UTF-8.
 */
public final class InternedIds {
    static final int MAX_ENTRIES = 1 << 16;

    private byte[][] keys;
    private String[] values;
    private int size;

    public InternedIds() {
        allocate(1024);
    }

    /** The id in {@code bytes[start, end)} as a string, the same instance for equal bytes. */
    public String intern(byte[] bytes, int start, int end) {
        int hash = 0;
        for (int i = start; i < end; i++) {
            hash = 31 * hash + bytes[i];
        }
        return intern(bytes, start, end, hash);
    }

    /** As {@link #intern(byte[], int, int)}, with the hash {@code h = 31 * h + b} of the bytes already computed. */
    public String intern(byte[] bytes, int start, int end, int hash) {
        int mask = keys.length - 1;
        int slot = mix(hash) & mask;
        int length = end - start;
        while (true) {
            byte[] key = keys[slot];
            if (key == null) {
                break;
            }
            if (key.length == length && Arrays.equals(key, 0, length, bytes, start, end)) {
                return values[slot];
            }
            slot = (slot + 1) & mask;
        }
        String value = new String(bytes, start, length, StandardCharsets.UTF_8);
        if (size >= MAX_ENTRIES) {
            allocate(keys.length);
            slot = mix(hash) & (keys.length - 1);
        } else if ((size + 1) * 2 > keys.length) {
            grow();
            slot = mix(hash) & (keys.length - 1);
            while (keys[slot] != null) {
                slot = (slot + 1) & (keys.length - 1);
            }
        }
        keys[slot] = Arrays.copyOfRange(bytes, start, end);
        values[slot] = value;
        size++;
        return value;
    }

    int size() {
        return size;
    }

    private void grow() {
        byte[][] oldKeys = keys;
        String[] oldValues = values;
        allocate(keys.length * 2);
        int mask = keys.length - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            byte[] key = oldKeys[i];
            if (key != null) {
                int hash = 0;
                for (byte b : key) {
                    hash = 31 * hash + b;
                }
                int slot = mix(hash) & mask;
                while (keys[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = key;
                values[slot] = oldValues[i];
                size++;
            }
        }
    }

    private void allocate(int capacity) {
        keys = new byte[capacity][];
        values = new String[capacity];
        size = 0;
    }

    private static int mix(int hash) {
        return hash ^ (hash >>> 16) ^ (hash >>> 7);
    }
}
