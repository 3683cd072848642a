package org.layerlab.train;

import org.layerlab.data.Augmentation;
import org.layerlab.data.BatchAssembler;
import org.layerlab.data.ImageDataset;
import org.layerlab.data.Normalization;
import org.layerlab.random.Rng;

/** An image dataset as network input, through the data package's batch assembler. */
public final class ImageBatchSource implements BatchSource {
    private final ImageDataset data;
    private final BatchAssembler assembler;
    private final int[] shape;

    /** {@code augment}: the standard crop-and-flip (training only). */
    public ImageBatchSource(ImageDataset data, Normalization normalization, boolean augment) {
        this.data = data;
        this.assembler = new BatchAssembler(data, normalization, augment ? Augmentation.cropAndFlip() : null);
        this.shape = new int[] {data.channels(), data.height(), data.width()};
    }

    @Override
    public int size() {
        return data.size();
    }

    @Override
    public int[] exampleShape() {
        return shape.clone();
    }

    @Override
    public int numClasses() {
        return data.numClasses();
    }

    @Override
    public int label(int index) {
        return data.labels()[index];
    }

    @Override
    public void fill(int[] indices, int from, int count, float[] dst, Rng augment) {
        assembler.fill(indices, from, count, dst, augment);
    }
}
