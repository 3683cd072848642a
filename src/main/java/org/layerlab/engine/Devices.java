package org.layerlab.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.layerlab.error.UserInputException;

/**
 * Maps the spec's {@code device} to a DJL device. Exactly one device is used, so training never
 * grabs every GPU on a shared machine (DJL's default when devices are not set).
 */
public final class Devices {
    private Devices() {}

    public static Device parse(String device) {
        if (device.equals("cpu")) {
            return Device.cpu();
        }
        int id = device.startsWith("gpu:") ? Integer.parseInt(device.substring(4)) : 0;
        int visible = Engine.getInstance().getGpuCount();
        if (id >= visible) {
            // The CPU natives (pytorch-native-cpu) are what ships; a GPU needs the CUDA natives instead.
            throw new UserInputException("device " + device + ": PyTorch sees " + visible
                    + " GPU(s); run on a CUDA machine with the pytorch-native-cu* natives, or use --device cpu");
        }
        return Device.gpu(id);
    }
}
