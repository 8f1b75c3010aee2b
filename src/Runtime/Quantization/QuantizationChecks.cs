namespace Specialized.Runtime.Quantization;

/// <summary>Argument checks shared by the quantization types, so every one words the same problem the same way.</summary>
internal static class QuantizationChecks
{
    public static void ActivationBits(int bits)
    {
        if (bits < 1 || bits > 8)
        {
            throw new ArgumentOutOfRangeException(nameof(bits), bits, "activation bit width must lie in [1, 8]");
        }
    }

    public static void WeightBits(int bits)
    {
        if (bits < 1 || bits > 8)
        {
            throw new ArgumentOutOfRangeException(nameof(bits), bits, "weight bit width must lie in [1, 8]");
        }
    }

    public static void DestinationLength(int needed, int actual)
    {
        if (actual < needed)
        {
            throw new ArgumentException($"destination holds {actual} values, {needed} are needed", "destination");
        }
    }
}
