using Specialized.Runtime.Graph;
using Specialized.Runtime.Kernels;
using Specialized.Runtime.Kernels.Float;

namespace Specialized.Runtime.Execution.Steps;

/// <summary>
/// Convolution as a GEMM per image: Y_g[Cout/g, OH·OW] = W_g · col_g, with bias and clamp in the GEMM epilogue.
/// col_g is never materialized: the GEMM packs its micro-panels straight from the image (<see cref="ImageColumns"/>);
/// a 1×1, stride-1, unpadded, ungrouped conv reads the image itself as col. Depthwise runs direct. Layers with
/// few output pixels (ResNet's 7²) run pixel-major instead (<see cref="PixelMajorConv"/>, chosen per layer by
/// <see cref="PixelMajorConv.Prefer"/>).
/// </summary>
/// <remarks>
/// Threading: with at least as many images as workers, each worker takes whole images (one phase, no
/// synchronisation inside the layer). Otherwise each image is one phase, its GEMM split by output-column panels
/// or by weight panels, whichever leaves the smaller largest share counting packing (splitting weight rows makes
/// every worker pack every B panel: at 128→128 @28² that is 0.19 ms per worker, so it splits by columns).
/// Pixel-major with fewer images than workers is two phases per image: packing split by pixel panels into one
/// shared buffer, then the GEMM split by output-channel panels.
/// </remarks>
internal sealed unsafe class ConvStep : PlanStep
{
    private enum Phase { WholeImages, Gemm, PixelPack, Depthwise }

    /// <summary>Whether the batch-1 split counts B packing; settable so the benchmark can compare, nothing else may change it.</summary>
    internal static bool SplitCountsPacking { get; set; } = true;

    private readonly Conv2dGeometry _g;
    private readonly int _batch, _height, _width, _outH, _outW;
    private readonly float* _input;
    private readonly float* _output;
    private readonly Scratch _scratch;
    private readonly bool _direct;
    private readonly int _nr;
    private readonly bool _pixelMajor;
    private PreparedConv _prepared = null!;
    private ChannelPanels? _channelPanels;
    private Phase _phase;
    private int _image;

    public ConvStep(ConvNode node, int[] inputShape, float* input, float* output, Scratch scratch, GemmKernel kernel)
    {
        _g = node.Geometry;
        (_batch, _height, _width) = (inputShape[0], inputShape[2], inputShape[3]);
        (_outH, _outW) = (_g.OutputHeight(_height), _g.OutputWidth(_width));
        _input = input;
        _output = output;
        _scratch = scratch;
        _nr = GemmKernels.Nr(kernel);
        _direct = _g is { KernelH: 1, KernelW: 1, StrideH: 1, StrideW: 1, PadTop: 0, PadLeft: 0, PadBottom: 0, PadRight: 0, Groups: 1 };
        _pixelMajor = !_g.IsDepthwise && PixelMajorConv.Prefer(kernel, _g, _outH * _outW);
    }

    /// <summary>Floats of per-worker scratch this conv needs on input planes of <paramref name="height"/>×<paramref name="width"/>.</summary>
    public static long ScratchLength(Conv2dGeometry g, int height, int width, GemmKernel kernel)
    {
        int columns = g.OutputHeight(height) * g.OutputWidth(width);
        return g.IsDepthwise ? 0
            : PixelMajorConv.Prefer(kernel, g, columns) ? PixelMajorConv.PixelLength(g.ReductionSize, columns) + PixelMajorConv.AccumulatorLength(columns, g.OutChannels)
            : Sgemm.PackScratchLength(kernel, g.ReductionSize);
    }

    private ImageColumns ImageOf(int image) => new(_input + (nint)image * InputImageSize, _g, _height, _width);

    private int InputImageSize => _g.InChannels * _height * _width;

    private int OutputImageSize => _g.OutChannels * _outH * _outW;

    public override void Run(WorkerPool pool, PreparedNode? prepared)
    {
        _prepared = (PreparedConv)prepared!;
        _channelPanels = _pixelMajor ? _prepared.ChannelPanels : null; // packs on the first run, before workers start
        if (_g.IsDepthwise)
        {
            _phase = Phase.Depthwise;
            pool.Run(this);
        }
        else if (_batch >= pool.WorkerCount || pool.WorkerCount == 1)
        {
            _phase = Phase.WholeImages;
            pool.Run(this);
        }
        else
        {
            for (_image = 0; _image < _batch; _image++)
            {
                if (_pixelMajor)
                {
                    _phase = Phase.PixelPack;
                    pool.Run(this);
                }

                _phase = Phase.Gemm;
                pool.Run(this);
            }
        }
    }

    public override void Execute(int worker, int workerCount)
    {
        switch (_phase)
        {
            case Phase.WholeImages:
                for (int image = worker; image < _batch; image += workerCount)
                {
                    GemmShare(image, 0, 1, worker);
                }

                break;
            case Phase.Gemm:
                GemmShare(_image, worker, workerCount, worker);
                break;
            case Phase.PixelPack:
            {
                // All workers fill worker 0's pixel buffer; the Gemm phase then reads it (the phase boundary orders them).
                int columns = _outH * _outW;
                Share((columns + PixelMajorConv.PixelsPerPanel - 1) / PixelMajorConv.PixelsPerPanel, worker, workerCount, out int begin, out int end);
                PixelMajorConv.PackPixels(ImageOf(_image), _g.ReductionSize, columns, _scratch.Panel(0), begin, end);
                break;
            }

            case Phase.Depthwise:
            {
                Share(_batch * _g.InChannels, worker, workerCount, out int begin, out int end);
                for (int item = begin; item < end;)
                {
                    int image = item / _g.InChannels, c0 = item % _g.InChannels;
                    int c1 = Math.Min(_g.InChannels, c0 + (end - item));
                    fixed (float* w = _prepared.DepthwiseWeight)
                    fixed (float* b = _prepared.DepthwiseBias)
                    {
                        DepthwiseConv.Run(_g, _input + (nint)image * InputImageSize, _height, _width, w, b, _prepared.Activation,
                            _output + (nint)image * OutputImageSize, c0, c1);
                    }

                    item += c1 - c0;
                }

                break;
            }
        }
    }

    /// <summary>Share <paramref name="share"/> of <paramref name="shareCount"/> of every group's GEMM for one image.</summary>
    private void GemmShare(int image, int share, int shareCount, int worker)
    {
        int columns = _outH * _outW;
        int depth = _g.ReductionSize;
        int rowsPerGroup = _g.OutChannelsPerGroup;
        var activation = _prepared.Activation;
        if (_channelPanels is { } w)
        {
            // Pixel panels: packed by this worker for a whole image, or shared in worker 0's buffer after PixelPack.
            long pixelLength = PixelMajorConv.PixelLength(depth, columns);
            if (shareCount == 1)
            {
                PixelMajorConv.PackPixels(ImageOf(image), depth, columns, _scratch.Panel(worker), 0, (columns + PixelMajorConv.PixelsPerPanel - 1) / PixelMajorConv.PixelsPerPanel);
            }

            float* pixels = _scratch.Panel(shareCount == 1 ? worker : 0);
            Share(w.PanelCount, share, shareCount, out int begin, out int end);
            if (begin < end)
            {
                PixelMajorConv.Multiply(w, pixels, columns, _output + (nint)image * OutputImageSize, begin, end, activation.Min, activation.Max, _scratch.Panel(worker) + pixelLength);
            }

            return;
        }

        for (int group = 0; group < _prepared.Groups.Length; group++)
        {
            var a = _prepared.Groups[group];
            int panels = a.PanelCount;
            int columnPanels = (columns + _nr - 1) / _nr;
            int panelBegin = 0, panelEnd = panels, columnBegin = 0, columnEnd = columns;
            if (shareCount > 1)
            {
                // Largest share in micro-kernel tiles, counting the B packing a worker does: with a row split every
                // worker packs every column panel. Packing one K×NR panel from the image measured ~18 cycles per depth
                // row ('pack' bench), a tile MR cycles per depth row at 2 FMA/cycle, so a pack costs 18/MR tiles.
                double pack = SplitCountsPacking ? 18.0 / GemmKernels.Mr(a.Kernel) : 0;
                double byColumns = (columnPanels + shareCount - 1) / shareCount * (panels + pack);
                double byRows = (panels + shareCount - 1) / shareCount * columnPanels + columnPanels * pack;
                if (byRows < byColumns)
                {
                    Share(panels, share, shareCount, out panelBegin, out panelEnd);
                }
                else
                {
                    Share(columnPanels, share, shareCount, out int pb, out int pe);
                    columnBegin = pb * _nr;
                    columnEnd = Math.Min(columns, pe * _nr);
                }
            }

            if (panelBegin >= panelEnd || columnBegin >= columnEnd)
            {
                continue;
            }

            float* c = _output + (nint)image * OutputImageSize + (nint)group * rowsPerGroup * columns;
            float* x = _input + (nint)image * InputImageSize + (nint)group * _g.InChannelsPerGroup * _height * _width;
            if (_direct)
            {
                var b = new StridedMatrix(x, columns, 1);
                Sgemm.Multiply(a, panelBegin, panelEnd, b, columnBegin, columnEnd, c, columns, 1, activation.Min, activation.Max, _scratch.Panel(worker));
            }
            else
            {
                var b = new ImageColumns(x, _g, _height, _width);
                Sgemm.Multiply(a, panelBegin, panelEnd, b, columnBegin, columnEnd, c, columns, 1, activation.Min, activation.Max, _scratch.Panel(worker));
            }
        }
    }
}
