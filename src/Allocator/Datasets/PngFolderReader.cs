using System.Globalization;
using Specialized.Runtime.Data;
using Specialized.Runtime.Tensors;

namespace Specialized.Allocator.Datasets;

/// <summary>
/// Reads a folder of PNG images listed in its <c>labels.csv</c>: one <c>file,label</c> line per image (file relative
/// to the folder), optionally preceded by a <c>file,label</c> header; blank lines are skipped. Samples keep the
/// order of the CSV, so "the first N" is well defined. Images are converted to the model's channel count (1: BT.601
/// luma, 3: RGB, gray replicated), then normalized.
/// </summary>
internal static class PngFolderReader
{
    public static LabeledSamples Read(string folder, DatasetOptions options)
    {
        string csvPath = Path.Combine(folder, DatasetLoader.LabelsFileName);
        if (!File.Exists(csvPath))
        {
            throw new DatasetException(folder, $"a PNG folder needs a {DatasetLoader.LabelsFileName} (lines file,label)");
        }

        var rows = ParseCsv(csvPath);
        int count = DatasetLoader.Take(rows.Count, options);
        int channels = options.InputShape[1];
        var channelMode = channels switch
        {
            1 => PngChannels.Gray,
            3 => PngChannels.Rgb,
            _ => throw new DatasetException(folder, $"PNG input needs a model with 1 or 3 input channels, the model declares {channels}"),
        };

        DenseTensor<byte>? batch = null;
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            var (file, label, line) = rows[i];
            string path = Path.Combine(folder, file);
            if (!File.Exists(path))
            {
                throw new DatasetException(csvPath, $"line {line}: image file not found: {file}");
            }

            DenseTensor<byte> image = PngImage.Read(path, channelMode);
            DatasetLoader.CheckSampleShape(image.Shape, options, path);
            if (batch is null)
            {
                batch = new DenseTensor<byte>([count, .. image.Shape]);
            }
            else if (!image.Shape.AsSpan().SequenceEqual(batch.Shape.AsSpan(1)))
            {
                throw new DatasetException(path, $"image is {string.Join("×", image.Shape)}, earlier images are {string.Join("×", batch.Shape[1..])}");
            }

            image.Data.CopyTo(batch.Data, i * image.Length);
            labels[i] = label;
        }

        if (batch is null)
        {
            throw new DatasetException(csvPath, "lists no images");
        }

        DatasetLoader.CheckLabels(labels, options, csvPath);
        return new LabeledSamples(folder, options.Normalization.NormalizeBatch(batch), labels);
    }

    private static List<(string File, int Label, int Line)> ParseCsv(string csvPath)
    {
        var rows = new List<(string, int, int)>();
        string[] lines = File.ReadAllLines(csvPath);
        for (int i = 0; i < lines.Length; i++)
        {
            string text = lines[i].Trim();
            if (text.Length == 0)
            {
                continue;
            }

            string[] fields = text.Split(',');
            if (fields.Length != 2)
            {
                throw new DatasetException(csvPath, $"line {i + 1}: expected 'file,label', got '{text}'");
            }

            string file = fields[0].Trim();
            string labelText = fields[1].Trim();
            if (rows.Count == 0 && file.Equals("file", StringComparison.OrdinalIgnoreCase) && labelText.Equals("label", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!int.TryParse(labelText, NumberStyles.None, CultureInfo.InvariantCulture, out int label))
            {
                throw new DatasetException(csvPath, $"line {i + 1}: label '{labelText}' is not a non-negative integer");
            }

            if (file.Length == 0 || Path.IsPathRooted(file) || file.Split('/', '\\').Contains(".."))
            {
                throw new DatasetException(csvPath, $"line {i + 1}: '{file}' must be a file name relative to the folder");
            }

            rows.Add((file, label, i + 1));
        }

        return rows;
    }
}
