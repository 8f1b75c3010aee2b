using Specialized.Samples.Tests.TestSupport;
using Specialized.Testing;

namespace Specialized.Samples.Tests;

/// <summary>
/// The sample's generated source against Snapshots/fmnist_resnet18/*.verified.cs, through the one-line API users call
/// for their own models. A generator change that alters the sample's kernels shows up here as a reviewable diff;
/// SPECIALIZED_ACCEPT_SNAPSHOTS=1 accepts it.
/// </summary>
public sealed class SampleKernelSnapshotTests
{
    [Fact]
    public void Sample_kernels_match_snapshots() => GeneratorSnapshots.Verify(Repository.SampleManifest, "Snapshots/fmnist_resnet18");
}
