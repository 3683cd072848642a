package org.layerlab.data.text;

import java.util.Arrays;
import org.layerlab.error.UserInputException;

/** Token ids appended piece by piece: a corpus's length in tokens is known only once it is encoded. */
public final class TokenBuffer {
    /** The longest array a JVM allocates. */
    static final int MAX_TOKENS = Integer.MAX_VALUE - 8;

    private final String source;
    private int[] ids = new int[1024];
    private int size;

    /** {@code source} names the corpus in the message when it would not fit in one array. */
    public TokenBuffer(String source) {
        this.source = source;
    }

    public void add(int[] more) {
        if (size + (long) more.length > ids.length) {
            long grown = Math.max(size + (long) more.length, ids.length * 3L / 2);
            if (size + (long) more.length > MAX_TOKENS) {
                throw new UserInputException(source + ": encodes to more than " + MAX_TOKENS
                        + " tokens, more than one array holds (use a part of it, e.g. data.train_limit)");
            }
            ids = Arrays.copyOf(ids, (int) Math.min(grown, MAX_TOKENS));
        }
        System.arraycopy(more, 0, ids, size, more.length);
        size += more.length;
    }

    public int size() {
        return size;
    }

    public int[] toArray() {
        return Arrays.copyOf(ids, size);
    }
}
