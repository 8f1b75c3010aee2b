using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Specialized.Samples.ResNet18;

/// <summary>
/// The instruction sets the generated kernels can use in this process. Worth printing because a NativeAOT binary
/// answers from its compile-time instruction-set target (IlcInstructionSet), not from the CPU alone.
/// </summary>
internal static class InstructionSets
{
    public static string Describe()
    {
        var sets = new List<string>();
        if (Avx512BW.IsSupported)
        {
            sets.Add("Avx512BW");
        }

        if (Avx512Vbmi.IsSupported)
        {
            sets.Add("Avx512Vbmi");
        }

        if (AvxVnni.IsSupported)
        {
            sets.Add("AvxVnni");
        }

        if (Avx2.IsSupported)
        {
            sets.Add("Avx2");
        }

        if (sets.Count == 0)
        {
            sets.Add(Vector128.IsHardwareAccelerated ? "Vector128" : "scalar only");
        }

        return string.Join(", ", sets);
    }
}
