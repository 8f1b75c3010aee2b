using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Specialized.Runtime.Execution;

/// <summary>
/// Per-worker scratch of one plan: the B-panel packing buffer of each worker, pinned so steps can keep pointers.
/// Sized at plan time for the largest step, so runs never allocate.
/// </summary>
internal sealed unsafe class Scratch
{
    private readonly float[][] _panels;

    public Scratch(int workers, int panelLength)
    {
        _panels = new float[workers][];
        for (int i = 0; i < workers; i++)
        {
            _panels[i] = GC.AllocateArray<float>(panelLength, pinned: true);
        }
    }

    public float* Panel(int worker) => (float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_panels[worker]));
}
