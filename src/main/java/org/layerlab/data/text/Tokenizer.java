package org.layerlab.data.text;

/**
 * Turns text into token ids and back. Ids run from 0 to {@code vocabulary().size() - 1}; what they
 * stand for is fixed by the {@link Vocabulary}, so two tokenizers with equal vocabularies give the
 * same ids for the same text.
 */
public interface Tokenizer {

    /** The ids of {@code text} as running text: no start or end markers are added. */
    int[] encode(String text);

    /**
     * The ids of {@code sentence} as a sequence of its own, framed the way the tokenizer frames one
     * (a HuggingFace tokenizer's post-processor, e.g. a SentencePiece tokenizer's end-of-sentence
     * {@code </s>}). Corpora of separate sentences (LM1B) are encoded sentence by sentence with this,
     * so the model sees where one ends. Tokenizers without markers encode it as running text.
     */
    default int[] encodeSentence(String sentence) {
        return encode(sentence);
    }

    /** {@link #encodeSentence} of each sentence; a tokenizer may encode them in one batch, faster. */
    default int[][] encodeSentences(java.util.List<String> sentences) {
        int[][] out = new int[sentences.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = encodeSentence(sentences.get(i));
        }
        return out;
    }

    /** The text of {@code ids}; an id outside the vocabulary is a bug of the caller. */
    String decode(int[] ids);

    /** What the ids mean; store it with a run and compare it before reusing the run's weights. */
    Vocabulary vocabulary();

    /** The number of ids, the size of a model's embedding and output layers. */
    default int size() {
        return vocabulary().size();
    }
}
