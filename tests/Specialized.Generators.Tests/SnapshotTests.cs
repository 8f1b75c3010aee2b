using Specialized.Testing;

namespace Specialized.Generators.Tests;

/// <summary>
/// Generated source of the committed fixture models against Snapshots/{model}/*.verified.cs, through the same
/// one-line API users call (Specialized.Testing). SPECIALIZED_ACCEPT_SNAPSHOTS=1 accepts changes.
/// </summary>
public sealed class SnapshotTests
{
    [Fact]
    public void Tiny_model_source_matches_snapshots() => GeneratorSnapshots.Verify("Models/tiny.manifest.json");

    [Fact]
    public void Residual_model_source_matches_snapshots() => GeneratorSnapshots.Verify("Models/residual-net.manifest.json");

    [Fact]
    public void A_changed_snapshot_fails_with_a_unified_diff_and_writes_the_received_file()
    {
        string folder = Path.Combine(Path.GetTempPath(), "specialized-snapshot-" + Guid.NewGuid().ToString("N"));
        try
        {
            var manifest = ManifestFile.Load(Path.Combine(TestSupport.FixtureModels.Folder(), "tiny.manifest.json"));
            if (Environment.GetEnvironmentVariable(GeneratorSnapshots.AcceptVariable) == "1")
            {
                return; // accept mode would (correctly) accept the edit below; nothing to check
            }

            var first = Assert.Throws<SnapshotMismatchException>(() => GeneratorSnapshots.Verify(manifest, folder));
            Assert.Contains("new file", first.Message);

            // Promote the received files, then corrupt one line of one verified file.
            foreach (string received in Directory.GetFiles(folder, "*" + GeneratorSnapshots.ReceivedSuffix))
            {
                File.Move(received, received.Replace(GeneratorSnapshots.ReceivedSuffix, GeneratorSnapshots.VerifiedSuffix));
            }

            GeneratorSnapshots.Verify(manifest, folder);
            string victim = Directory.GetFiles(folder, "*Layer000*" + GeneratorSnapshots.VerifiedSuffix).Single();
            File.WriteAllText(victim, File.ReadAllText(victim).Replace("private void Layer000(int worker, int workers)", "private void LayerXYZ(int worker, int workers)"));
            var mismatch = Assert.Throws<SnapshotMismatchException>(() => GeneratorSnapshots.Verify(manifest, folder));
            Assert.Matches(new System.Text.RegularExpressions.Regex(@"^-\s+private void LayerXYZ\(int worker, int workers\)$", System.Text.RegularExpressions.RegexOptions.Multiline), mismatch.Message);
            Assert.Matches(new System.Text.RegularExpressions.Regex(@"^\+\s+private void Layer000\(int worker, int workers\)$", System.Text.RegularExpressions.RegexOptions.Multiline), mismatch.Message);
            Assert.Matches(new System.Text.RegularExpressions.Regex(@"^@@ -\d+,\d+ \+\d+,\d+ @@$", System.Text.RegularExpressions.RegexOptions.Multiline), mismatch.Message);
            Assert.True(File.Exists(victim.Replace(GeneratorSnapshots.VerifiedSuffix, GeneratorSnapshots.ReceivedSuffix)));
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
