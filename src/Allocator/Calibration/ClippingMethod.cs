namespace Specialized.Allocator.Calibration;

/// <summary>How a quantizer's range is chosen from observed values.</summary>
public enum ClippingMethod
{
    /// <summary>The observed extremes: activations [min, max]; weights max|w| per output channel. Nothing is clipped.</summary>
    MinMax,

    /// <summary>
    /// The range minimising the mean squared quantization error of the observed values at the target width, found by
    /// grid search (activations on a histogram, weights exactly per channel). Trades clipping error on rare large
    /// values for a finer step on the common ones.
    /// </summary>
    Mse,
}
