/**
 * Datasets for the study: finding, downloading, verifying, decoding and batching them.
 *
 * <p>{@link org.layerlab.data.Datasets#load} is the entry point: a {@link org.layerlab.data.DatasetRequest}
 * goes in, both splits as uint8 {@link org.layerlab.data.ImageDataset}s and a
 * {@link org.layerlab.data.LocatedDataset} (where they came from, with SHA-256s for provenance) come
 * out. {@link org.layerlab.data.BatchAssembler} then turns shuffled indices into float batches,
 * with {@link org.layerlab.data.Augmentation} and {@link org.layerlab.data.Normalization}.
 *
 * <p>Bad data is reported as a one-line {@link org.layerlab.error.UserInputException} naming the
 * file (or archive entry) first; files are only ever written into the cache, atomically.
 */
package org.layerlab.data;
