using System.Diagnostics;
using System.Runtime.CompilerServices;
using MnistPS.Numerics;

namespace MnistPS;

/// <summary>The phases of a chunk, each run by <see cref="WorkerThreads"/> as parts shared among the threads.</summary>
internal sealed partial class BatchEngine
{
    /// <summary>
    /// Where each block of first-layer input rows (pixels) starts, then the pixel count: two halves of the image. Fixed,
    /// so that z1 sums its parts in the same order for every thread count.
    /// </summary>
    private static ReadOnlySpan<int> BlockStarts => [0, Network.InputSize / 2, Network.InputSize];

    /// <summary>Blocks of first-layer input rows.</summary>
    private const int InputBlocks = 2;

    /// <summary>How many rows ahead the inputs phase asks for images to be loaded.</summary>
    private const int PrefetchRows = 4;

    /// <summary>Per first-layer block: each chunk row's share of z1 (block 0's includes b1).</summary>
    private readonly float[][] _partials;

    /// <summary>Per chunk row and first-layer block: where the block's non-zero pixels start in the workspace, and how many.</summary>
    private readonly int[] _blockStart;
    private readonly int[] _blockLength;
    private readonly float[] _noBias;
    private readonly Action<int> _preparePart;
    private readonly Action<int> _inputPart;
    private readonly Action<int> _rowPart;
    private readonly Action<int> _updatePart;

    /// <summary>Per thread: a position per row for the backward pass.</summary>
    private readonly int[][] _cursors;

    /// <summary>Per thread: the chunk's rows turned around for the update phase, and the rows' spans they are made from.</summary>
    private readonly InputPairLists[] _lists;
    private readonly int[][] _listStart;
    private readonly int[][] _listLength;

    /// <summary>The chunk's images moved and turned at random, one per row; allocated when a run first augments.</summary>
    private byte[]? _augmented;

    /// <summary>
    /// When the images are not cached compressed (augmentation, or too much data), share <paramref name="part"/> of
    /// the rows: each image, moved and turned at random when augmenting, compressed into its workspace row.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PreparePart(int part)
    {
        var chunk = _chunk;
        var (start, end) = Share(chunk.Indices.Count, part, chunk.Parts);
        var noise = new Noise(_options, _elastic, _seed, chunk.Epoch, chunk.Step);
        // Images are read in shuffled order, each on a page of its own: first the first rows whole and one line of every
        // other image of the share, so that the address translations are looked up together rather than one image at a time.
        for (var i = start; i < end; i++)
        {
            var image = chunk.Data.GetImage(chunk.Indices[i]);
            CacheHints.Prefetch(i < start + PrefetchRows ? image : image[..1]);
        }

        for (var i = start; i < end; i++)
        {
            if (i + PrefetchRows < end)
            {
                // Then each image whole a few rows ahead.
                CacheHints.Prefetch(chunk.Data.GetImage(chunk.Indices[i + PrefetchRows]));
            }

            var sample = chunk.Indices[i];
            var pixels = chunk.Data.GetImage(sample);
            if (noise.Augments)
            {
                var moved = _augmented.AsSpan(i * Network.InputSize, Network.InputSize);
                noise.Augment(pixels, moved, sample);
                pixels = moved;
            }

            var index = _workspace.Index[0].AsSpan(i * Network.InputSize, Network.InputSize);
            var count = Kernels.CompressPixels(pixels, 1f / 255f, index, _workspace.Value[0].AsSpan(i * Network.InputSize, Network.InputSize));
            var from = 0;
            for (var block = 0; block < InputBlocks; block++)
            {
                var to = block == InputBlocks - 1 ? count : SparseImages.Position(index[..count], BlockStarts[block + 1]);
                _blockStart[(i * InputBlocks) + block] = (i * Network.InputSize) + from;
                _blockLength[(i * InputBlocks) + block] = to - from;
                from = to;
            }
        }
    }

    /// <summary>
    /// From the cache of compressed images: block <paramref name="block"/> of chunk row <paramref name="row"/>, unpacked
    /// into the workspace right after the blocks before it, so that a row's pixels follow one another whichever thread
    /// unpacks which block (the update phase cuts them at other places than the blocks' boundaries).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Unpack(int row, int block)
    {
        var sample = _chunk.Indices[row];
        var packed = _images!.Get(sample, block);
        var start = row * Network.InputSize;
        for (var before = 0; before < block; before++)
        {
            start += _images.Get(sample, before).Length;
        }

        Kernels.UnpackPixels(packed, 1f / 255f, _workspace.Index[0].AsSpan(start, packed.Length), _workspace.Value[0].AsSpan(start, packed.Length));
        _blockStart[(row * InputBlocks) + block] = start;
        _blockLength[(row * InputBlocks) + block] = packed.Length;
    }

    /// <summary>How many non-zero pixels chunk row <paramref name="row"/> has, in all blocks.</summary>
    private int PixelCount(int row)
    {
        var count = 0;
        for (var block = 0; block < InputBlocks; block++)
        {
            count += _blockLength[(row * InputBlocks) + block];
        }

        return count;
    }

    /// <summary>Where each of the chunk's rows has its non-zero pixels of first-layer block <paramref name="block"/> in the workspace, and how many (in thread <paramref name="part"/>'s buffers).</summary>
    private void BlockRows(int part, int block, int rows, out Span<int> start, out Span<int> length)
    {
        start = _listStart[part].AsSpan(0, rows);
        length = _listLength[part].AsSpan(0, rows);
        for (var i = 0; i < rows; i++)
        {
            start[i] = _blockStart[(i * InputBlocks) + block];
            length[i] = _blockLength[(i * InputBlocks) + block];
        }
    }

    /// <summary>Inputs phase, part <paramref name="part"/>: for its first-layer blocks, every row's share of W1^T a (block 0 adds b1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void InputPart(int part)
    {
        var chunk = _chunk;
        var layer = _network.Layers[0];
        var stride = layer.Stride;
        var rows = chunk.Indices.Count;
        var blocks = Kernels.HasColumnBlocks(stride);
        var (firstBlock, endBlock) = Share(InputBlocks, part, chunk.UpdateParts);
        for (var block = firstBlock; block < endBlock; block++)
        {
            ReadOnlySpan<float> bias = block == 0 ? layer.B : _noBias;
            var partial = _partials[block];
            // The compressed images are read in shuffled order: ask for the first rows whole and every other row's first
            // line at once (their pages' translations looked up together), then each row whole a few rows ahead.
            var prefetch = chunk.Cached ? rows : 0;
            for (var i = 0; i < prefetch; i++)
            {
                _images!.Prefetch(chunk.Indices[i], block, whole: i < PrefetchRows);
            }

            for (var i = 0; i < rows; i++)
            {
                if (i + PrefetchRows < prefetch)
                {
                    _images!.Prefetch(chunk.Indices[i + PrefetchRows], block, whole: true);
                }

                if (chunk.Cached)
                {
                    Unpack(i, block);
                }

                if (!blocks)
                {
                    // A first layer of one block of columns: each row while its pixels are fresh from unpacking.
                    var (at, count) = (_blockStart[(i * InputBlocks) + block], _blockLength[(i * InputBlocks) + block]);
                    Kernels.SparseAffineTrusted(_workspace.Index[0].AsSpan(at, count), _workspace.Value[0].AsSpan(at, count), layer.W, bias, partial.AsSpan(i * stride, stride));
                }
            }

            if (!blocks)
            {
                continue;
            }

            // Several blocks of columns: a block at a time for every row, so that the block's weights stay in cache.
            BlockRows(part, block, rows, out var start, out var length);
            for (var c = 0; c < stride;)
            {
                var end = Kernels.ColumnsEnd(c, stride, Kernels.ColumnBlock);
                Kernels.SparseAffineRows(_workspace.Index[0], _workspace.Value[0], start, length, layer.W, bias, partial, c, end);
                c = end;
            }
        }
    }

    /// <summary>Rows phase, share <paramref name="part"/> of the rows: z1 from its parts, the rest of the forward pass, the output gradient and back-propagation of dz.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RowPart(int part)
    {
        var chunk = _chunk;
        var (start, end) = Share(chunk.Indices.Count, part, chunk.Parts);
        var noise = new Noise(_options, _elastic, _seed, chunk.Epoch, chunk.Step);
        var workspace = _workspace;
        var stride = _network.Layers[0].Stride;

        // The labels first, one load after another: read in shuffled order after the hidden layers, each was a cache miss
        // of its own.
        var labels = (stackalloc int[Workspace.ChunkRows])[..(end - start)];
        for (var i = start; i < end; i++)
        {
            labels[i - start] = chunk.Data.GetLabel(chunk.Indices[i]);
        }

        for (var i = start; i < end; i++)
        {
            var z = workspace.Activations[0].AsSpan(i * stride, stride);
            _partials[0].AsSpan(i * stride, stride).CopyTo(z);
            for (var block = 1; block < InputBlocks; block++)
            {
                Kernels.Axpy(1f, _partials[block].AsSpan(i * stride, stride), z);
            }

            if (noise.Dropout)
            {
                noise.Masks(workspace, _network, i, chunk.FirstRow + i);
            }
        }

        _network.HiddenLayers(workspace, start, end, noise.Dropout);
        var correct = 0;
        for (var i = start; i < end; i++)
        {
            var label = labels[i - start];
            Network.Output(workspace, i, label);
            if (Network.OutputGradient(workspace, i, label, chunk.Scale))
            {
                correct++;
            }
        }

        _network.Backward(workspace, start, end, noise.Dropout, _scratch[part], _cursors[part]);
        _correct[part] = correct;
    }

    /// <summary>The contiguous share [start, end) of <paramref name="count"/> items that part <paramref name="part"/> of <paramref name="parts"/> takes.</summary>
    private static (int Start, int End) Share(int count, int part, int parts) =>
        ((int)((long)count * part / parts), (int)((long)count * (part + 1) / parts));

    /// <summary>
    /// <see cref="Share(int, int, int)"/> with every boundary between shares moved down to a multiple of
    /// <paramref name="grain"/> (a power of two): whole pairs of inputs, or whole vectors.
    /// </summary>
    private static (int Start, int End) Share(int count, int part, int parts, int grain)
    {
        var (start, end) = Share(count, part, parts);
        return (start & -grain, part == parts - 1 ? end : end & -grain);
    }

    /// <summary>
    /// Update phase, part <paramref name="part"/>: its range [from, to) of every layer's weight rows (inputs from..to-1;
    /// the first layer's from <see cref="FirstLayerShare"/>) takes a dz^T of each of the chunk's rows in order, and its
    /// share of every layer's biases the sum of dz. Into the weights themselves (direct SGD) or into the gradient
    /// buffer, which the optimizer then applies to the same ranges, which start at even inputs so that the pairs of
    /// <see cref="InputPairLists"/> are the same for any number of parts. The rows are turned around first, so each
    /// weight row takes all the chunk's rows while it is in registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void UpdatePart(int part)
    {
        var chunk = _chunk;
        var parts = chunk.UpdateParts;
        var rows = chunk.Indices.Count;
        var workspace = _workspace;
        var layers = _network.Layers;
        var lists = _lists[part];
        var start = _listStart[part].AsSpan(0, rows);
        var length = _listLength[part].AsSpan(0, rows);
        var begun = Stopwatch.GetTimestamp();
        for (var l = 0; l < layers.Count; l++)
        {
            var stride = layers[l].Stride;
            var inputs = layers[l].InputSize;
            var (from, to) = l == 0 ? FirstLayerShare(part, parts) : Share(inputs, part, parts, grain: 2);
            var target = Target(ParameterSlots.Weights(l), from * stride, to * stride);
            for (var i = 0; i < rows; i++)
            {
                // A row's non-zero inputs follow one another from the start of its row of the workspace.
                var count = l == 0 ? PixelCount(i) : workspace.Count[l][i];
                var index = workspace.Index[l].AsSpan(i * inputs, count);
                var first = from == 0 ? 0 : SparseImages.Position(index, from);
                var end = to == inputs ? index.Length : SparseImages.Position(index, to);
                start[i] = (i * inputs) + first;
                length[i] = end - first;
            }

            AddRows(lists, from, to, start, length, workspace.Index[l], workspace.Value[l], workspace.Gradients[l], stride, target);
            Finish(ParameterSlots.Weights(l), from * stride, to * stride);
        }

        // Each part takes its share of every layer's biases, their sums of dz, cut at whole 256-bit vectors: the
        // optimizer's vector and scalar steps round differently, so an element must take the same one however cut.
        for (var l = 0; l < layers.Count; l++)
        {
            var stride = layers[l].Stride;
            var (from, to) = Share(stride, part, parts, grain: 8);
            var target = Target(ParameterSlots.Bias(l), from, to);
            for (var i = 0; i < rows; i++)
            {
                Kernels.Axpy(1f, workspace.Gradients[l].AsSpan((i * stride) + from, to - from), target[from..to]);
            }

            Finish(ParameterSlots.Bias(l), from, to);
        }

        _updateTicks[part] = Stopwatch.GetTimestamp() - begun;
    }

    /// <summary>
    /// W[k] += sum over the chunk's rows r of a[r, k] dz[r], for inputs [from, to): row r's non-zero inputs in the
    /// range are index[start[r] ..], length[r] of them. A layer as wide as a block of columns takes the rows turned
    /// around (<see cref="InputPairLists"/>), a block of columns at a time so that the chunk's dz in those columns stays in
    /// the first-level cache; a narrower one (the output layer, the tutorial's 20 units) fits in cache whole and goes
    /// row by row, its weight rows' multiply-adds independent of one another where an input's list would be one long
    /// chain of them.
    /// </summary>
    private static void AddRows(InputPairLists lists, int from, int to, ReadOnlySpan<int> start, ReadOnlySpan<int> length, int[] index, float[] value, float[] dz, int stride, Span<float> w)
    {
        if (stride < Kernels.ColumnBlock)
        {
            for (var i = 0; i < start.Length; i++)
            {
                Kernels.SparseOuterAddTrusted(index.AsSpan(start[i], length[i]), value.AsSpan(start[i], length[i]), dz.AsSpan(i * stride, stride), w);
            }

            return;
        }

        lists.Build(from, to, start, length, index, value);
        for (var c = 0; c < stride;)
        {
            var end = Kernels.ColumnsEnd(c, stride, 2 * Kernels.ColumnBlock);
            Kernels.InputPairsOuterAdd(lists.Starts, lists.Present, lists.EntryRows, lists.FirstValues, lists.SecondValues, dz, lists.RowCount, stride, w[(from * stride)..(to * stride)], c, end, Kernels.IsWide);
            c = end;
        }
    }
}
