package io.github.covidxray.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * One weight array of a Keras layer as an HDF5 weights file stores it: its name inside the layer
 * (for example {@code block1_conv1/kernel:0}), its shape and its values in row-major (C) order.
 *
 * <p>The values array is shared, not copied, because VGG16 kernels are large; treat it as read-only.
 *
 * @param name the weight's name as listed in the layer's {@code weight_names} attribute
 * @param shape the array's dimensions, in Keras's layout (conv kernel HWIO, dense kernel [in, out])
 * @param values the values, {@code product(shape)} of them, row-major
 */
record KerasWeight(String name, int[] shape, float[] values) {

  /** Checks that the number of values matches the shape. */
  public KerasWeight {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(values, "values");
    if (elementCount(shape) != values.length) {
      throw new IllegalArgumentException(String.format(
          "weight '%s' has %d values but shape %s needs %d",
          name, values.length, Arrays.toString(shape), elementCount(shape)));
    }
    shape = shape.clone();
  }

  /** A copy of the shape, so callers cannot change this record's. */
  @Override
  public int[] shape() {
    return shape.clone();
  }

  /**
   * Number of elements a shape holds (1 for a scalar).
   *
   * @param shape dimensions, each non-negative
   * @return their product
   */
  public static long elementCount(int[] shape) {
    long n = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
      }
      n *= d;
    }
    return n;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KerasWeight w
        && name.equals(w.name)
        && Arrays.equals(shape, w.shape)
        && Arrays.equals(values, w.values);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, Arrays.hashCode(shape), Arrays.hashCode(values));
  }

  @Override
  public String toString() {
    return "KerasWeight[" + name + " " + Arrays.toString(shape) + "]";
  }
}
