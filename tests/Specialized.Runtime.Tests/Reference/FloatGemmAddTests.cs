using Specialized.Runtime.Graph;
using Specialized.Runtime.Reference;

namespace Specialized.Runtime.Tests.Reference;

public class FloatGemmAddTests
{
    [Fact]
    public void Gemm_IsInputTimesWeightTransposedPlusBias()
    {
        // x = [[1, 2, 3], [−1, 0, 2]], W = [[1, 0, −1], [2, 1, 0]], b = [10, −4].
        var output = new float[4];
        FloatReference.Gemm([1, 2, 3, -1, 0, 2], 2, 3, 2, [1, 0, -1, 2, 1, 0], [10, -4], FusedActivation.None, output);
        Assert.Equal([8f, 0f, 7f, -6f], output);

        FloatReference.Gemm([1, 2, 3, -1, 0, 2], 2, 3, 2, [1, 0, -1, 2, 1, 0], [], FusedActivation.Relu, output);
        Assert.Equal([0f, 4f, 0f, 0f], output);
    }

    [Fact]
    public void Add_SumsThenClamps()
    {
        var output = new float[3];
        FloatReference.Add([1, -5, 3], [2, 1, 4], FusedActivation.Relu6, output);
        Assert.Equal([3f, 0f, 6f], output);
    }

    [Fact]
    public void Clamp_AppliesActivationAndKeepsNaN()
    {
        var output = new float[4];
        FloatReference.Clamp([-1, 0.5f, 9, float.NaN], FusedActivation.Relu6, output);
        Assert.Equal(0f, output[0]);
        Assert.Equal(0.5f, output[1]);
        Assert.Equal(6f, output[2]);
        Assert.True(float.IsNaN(output[3]));
    }
}
