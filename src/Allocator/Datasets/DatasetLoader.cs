using Specialized.Runtime.Data;
using Specialized.Runtime.Graph;
using Specialized.Runtime.Tensors;

namespace Specialized.Allocator.Datasets;

/// <summary>
/// Reads the DATA argument of <c>specialized allocate</c> (<c>--calib</c>, <c>--eval</c>) in one of four forms:
/// <list type="bullet">
/// <item><c>IMAGES.idx[.gz]:LABELS.idx[.gz]</c> — IDX bytes [N, H, W] or [N, C, H, W] and [N] labels, normalized with the mean/std;</item>
/// <item><c>X.npy:Y.npy</c> — X float32 N×C×H×W (already normalized) or uint8 (normalized here); Y uint8 labels, or float32 labels that are whole numbers;</item>
/// <item><c>X.npy</c> — samples without labels;</item>
/// <item>a folder holding PNG files and <c>labels.csv</c> (lines <c>file,label</c>, an optional <c>file,label</c> header; rows in file order).</item>
/// </list>
/// </summary>
/// <remarks>
/// The two-file forms split at the last ':' that is not a drive-letter colon (position 1), so Windows paths work.
/// Samples beyond <see cref="DatasetOptions.Limit"/> are dropped before normalization (the first N are kept).
/// Every problem is a <see cref="DatasetException"/> (or the reader's <see cref="DataFormatException"/>) naming the file.
/// </remarks>
public static class DatasetLoader
{
    public const string LabelsFileName = "labels.csv";

    /// <summary>Loads <paramref name="argument"/> as described in the type remarks and checks it against <paramref name="options"/>.</summary>
    public static LabeledSamples Load(string argument, DatasetOptions options)
    {
        ArgumentNullException.ThrowIfNull(argument);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Limit is < 1)
        {
            throw new DatasetException(argument, $"the sample limit must be at least 1, got {options.Limit}");
        }

        if (options.InputShape.Count != 4)
        {
            throw new DatasetException(argument, $"the model input has shape {ShapeText.Format(options.InputShape)}; only N×C×H×W image models take DATA arguments");
        }

        LabeledSamples samples;
        if (Directory.Exists(argument))
        {
            samples = PngFolderReader.Read(argument, options);
        }
        else if (File.Exists(argument))
        {
            samples = ReadSingleNpy(argument, options);
        }
        else if (Split(argument) is var (first, second))
        {
            RequireFile(first, argument);
            RequireFile(second, argument);
            samples = first.EndsWith(".npy", StringComparison.OrdinalIgnoreCase)
                ? ReadNpyPair(first, second, options)
                : ReadIdxPair(first, second, options);
        }
        else
        {
            throw new DatasetException(argument, "no such file or folder (expected IMAGES.idx:LABELS.idx, X.npy:Y.npy, X.npy, or a PNG folder with labels.csv)");
        }

        if (samples.Count == 0)
        {
            throw new DatasetException(argument, "holds no samples");
        }

        return samples;
    }

    /// <summary>Checks one sample's shape [C, H, W] against the model's declared input.</summary>
    internal static void CheckSampleShape(IReadOnlyList<int> sample, DatasetOptions options, string source)
    {
        for (int d = 0; d < 3; d++)
        {
            int expected = options.InputShape[d + 1];
            if (expected > 0 && sample[d] != expected)
            {
                throw new DatasetException(source, $"samples are {ShapeText.Format(sample)} (C×H×W), the model expects {ShapeText.Format(options.InputShape.Skip(1).ToArray())}");
            }
        }
    }

    /// <summary>Checks labels against the class count, when known.</summary>
    internal static void CheckLabels(int[] labels, DatasetOptions options, string source)
    {
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] < 0 || (options.ClassCount is int classes && labels[i] >= classes))
            {
                string range = options.ClassCount is int n ? $"[0, {n})" : "≥ 0";
                throw new DatasetException(source, $"label {i} is {labels[i]}, outside the model's classes {range}");
            }
        }
    }

    internal static int Take(int available, DatasetOptions options) => Math.Min(available, options.Limit ?? int.MaxValue);

    private static (string First, string Second)? Split(string argument)
    {
        int colon = argument.LastIndexOf(':');
        return colon > 1 && colon < argument.Length - 1 ? (argument[..colon], argument[(colon + 1)..]) : null;
    }

    private static void RequireFile(string path, string argument)
    {
        if (!File.Exists(path))
        {
            throw new DatasetException(argument, $"file not found: {path}");
        }
    }

    private static LabeledSamples ReadIdxPair(string imagesPath, string labelsPath, DatasetOptions options)
    {
        LabeledImages set = LabeledImages.Read(imagesPath, labelsPath);
        DenseTensor<byte> images = set.Images;
        int[] shape = images.Rank == 3 ? [images.Shape[0], 1, images.Shape[1], images.Shape[2]] : images.Shape;
        CheckSampleShape(shape[1..], options, imagesPath);
        int count = Take(shape[0], options);
        int[] labels = set.Labels.Take(count).Select(b => (int)b).ToArray();
        CheckLabels(labels, options, labelsPath);
        var kept = FirstSamples(new DenseTensor<byte>(shape, images.Data), count);
        return new LabeledSamples($"{imagesPath}:{labelsPath}", Normalize(kept, options, imagesPath), labels);
    }

    private static LabeledSamples ReadSingleNpy(string path, DatasetOptions options)
    {
        if (!path.EndsWith(".npy", StringComparison.OrdinalIgnoreCase))
        {
            throw new DatasetException(path, "a single file must be an .npy array of samples (IDX images need ':LABELS.idx')");
        }

        return new LabeledSamples(path, ReadNpySamples(path, options), labels: null);
    }

    private static LabeledSamples ReadNpyPair(string samplesPath, string labelsPath, DatasetOptions options)
    {
        DenseTensor<float> inputs = ReadNpySamples(samplesPath, options, out int available);
        int[] labels = ReadNpyLabels(labelsPath);
        if (labels.Length != available)
        {
            throw new DatasetException(labelsPath, $"{labels.Length} labels for {available} samples in {samplesPath}");
        }

        labels = labels[..inputs.Shape[0]];
        CheckLabels(labels, options, labelsPath);
        return new LabeledSamples($"{samplesPath}:{labelsPath}", inputs, labels);
    }

    private static DenseTensor<float> ReadNpySamples(string path, DatasetOptions options) => ReadNpySamples(path, options, out _);

    private static DenseTensor<float> ReadNpySamples(string path, DatasetOptions options, out int available)
    {
        NpyArray array = NpyFile.Read(path);
        if (array.Shape.Length != 4)
        {
            throw new DatasetException(path, $"samples must be an N×C×H×W array, file holds shape {ShapeText.Format(array.Shape)}");
        }

        CheckSampleShape(array.Shape[1..], options, path);
        available = array.Shape[0];
        int count = Take(available, options);
        if (array.DType == NpyDType.UInt8)
        {
            return Normalize(FirstSamples(array.AsUInt8(), count), options, path);
        }

        DenseTensor<float> all = array.AsFloat32();
        DenseTensor<float> inputs = FirstSamples(all, count);
        for (int i = 0; i < inputs.Length; i++)
        {
            if (!float.IsFinite(inputs.Data[i]))
            {
                throw new DatasetException(path, $"value {i} is {inputs.Data[i]}; samples must be finite");
            }
        }

        return inputs;
    }

    private static int[] ReadNpyLabels(string path)
    {
        NpyArray array = NpyFile.Read(path);
        if (array.Shape.Length != 1)
        {
            throw new DatasetException(path, $"labels must be a 1-D array, file holds shape {ShapeText.Format(array.Shape)}");
        }

        if (array.DType == NpyDType.UInt8)
        {
            return array.AsUInt8().Data.Select(b => (int)b).ToArray();
        }

        float[] values = array.AsFloat32().Data;
        var labels = new int[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            float v = values[i];
            if (!float.IsFinite(v) || v != MathF.Round(v) || v < 0 || v > 1 << 24)
            {
                throw new DatasetException(path, $"label {i} is {v}; float32 labels must be non-negative whole numbers");
            }

            labels[i] = (int)v;
        }

        return labels;
    }

    private static DenseTensor<T> FirstSamples<T>(DenseTensor<T> all, int count)
        where T : unmanaged
    {
        if (count == all.Shape[0])
        {
            return all;
        }

        int sample = all.Shape[1] * all.Shape[2] * all.Shape[3];
        return new DenseTensor<T>([count, .. all.Shape[1..]], all.Data.AsSpan(0, count * sample).ToArray());
    }

    private static DenseTensor<float> Normalize(DenseTensor<byte> images, DatasetOptions options, string source)
    {
        try
        {
            return options.Normalization.NormalizeBatch(images);
        }
        catch (ArgumentException e)
        {
            throw new DatasetException(source, e.Message);
        }
    }
}
