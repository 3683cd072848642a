/**
 * Text corpora for language models: find, read, split, tokenize.
 *
 * <p>The whole API: {@link org.layerlab.data.text.TextDatasets#load} turns a {@link
 * org.layerlab.data.text.TextRequest} (the spec's {@code data.name}, {@code data.dir}, {@code data.tokenizer},
 * {@code data.train_limit}, {@code data.test_limit}) into {@link org.layerlab.data.text.TextData}: the training
 * and test splits as token ids, the {@link org.layerlab.data.text.Tokenizer} that made them and where the files
 * came from with their SHA-256s. Store {@code tokenizer().vocabulary()} with a run ({@link
 * org.layerlab.data.text.Vocabulary#save}) and, before reusing the run's weights, compare it with the one the
 * data gives now ({@link org.layerlab.data.text.Vocabulary#requireSame}); {@link
 * org.layerlab.data.text.CharTokenizer#of} rebuilds a character tokenizer from a saved vocabulary.
 *
 * <p>Subword tokenizers (a HuggingFace tokenizer.json) come from {@code org.layerlab.engine.HfTokenizer::load},
 * handed to {@code TextDatasets} by the caller so that DJL stays inside the engine package.
 */
package org.layerlab.data.text;
