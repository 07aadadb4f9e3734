using MnistPS.Imaging;
using MnistPS.Interop;

namespace MnistPS.Fuzzing;

/// <summary>
/// The readers under fuzzing, one entry each. A new reader is one more entry: a name, how the bytes become its file, the
/// call its cmdlet makes, its typed error, its allocation bound and its seeds (the ONNX entry was added so).
/// </summary>
internal static class FuzzTargets
{
    /// <summary>Every target, in the order the README lists them.</summary>
    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        new()
        {
            Name = "Csv",
            Description = "the bytes are a .csv file, read as Import-MnistData reads it (format and delimiter detected, bad rows to the error stream), then by KaggleCsv.Load, which must agree",
            Write = (input, folder) => FuzzFiles.Write(folder, "fuzz.csv", input),
            Read = DataRead.AsImportMnistData,
            IsTypedError = DataRead.IsTypedError,
            Seeds = FuzzSeeds.Csv,
            Dictionary = ["label", "pixel0", "pixel783", ",", ";", "\t", "\"", "\r\n", "255", "\u00EF\u00BB\u00BF", "\x1F\u008B"],
            AllocationBound = DataRead.AllocationBound,
        },
        new()
        {
            Name = "Idx",
            Description = "the bytes are [labels length: 2 bytes, big-endian; 0 = no labels file][labels file][images file], written as fuzz-labels-idx1-ubyte and fuzz-images-idx3-ubyte and read as Import-MnistData reads them, then by IdxFile.Load, which must agree",
            Write = (input, folder) => FuzzFiles.WriteIdxPair(folder, input, gzip: false),
            Read = DataRead.AsImportMnistData,
            IsTypedError = DataRead.IsTypedError,
            Seeds = FuzzSeeds.Idx,
            Dictionary = ["\0\0\x08\x03", "\0\0\x08\x01", "\0\0\0\x1C", "\xFF\xFF\xFF\xFF", "\x7F\xFF\xFF\xFF", "\x1F\u008B\x08"],
            AllocationBound = DataRead.AllocationBound,
        },
        new()
        {
            Name = "IdxGz",
            Description = "as Idx, but both files are gzip-compressed by the harness, so the reader streams them without knowing their length (the bound applies to the decompressed bytes)",
            Write = (input, folder) => FuzzFiles.WriteIdxPair(folder, input, gzip: true),
            Read = DataRead.AsImportMnistData,
            IsTypedError = DataRead.IsTypedError,
            Seeds = FuzzSeeds.Idx,
            Dictionary = ["\0\0\x08\x03", "\0\0\x08\x01", "\0\0\0\x1C", "\xFF\xFF\xFF\xFF", "\x7F\xFF\xFF\xFF"],
            AllocationBound = DataRead.AllocationBound,
        },
        new()
        {
            Name = "Model",
            Description = "the bytes are a model .json file, loaded as Import-MnistNetwork loads it (ModelFormats.Load, the format told by content); a network that loads must save and load back bit for bit",
            Write = (input, folder) => FuzzFiles.Write(folder, "fuzz.json", input),
            Read = ModelRoundTrip.Load,
            IsTypedError = e => e is ModelFileException { Unreadable: false },
            Seeds = FuzzSeeds.Model,
            Dictionary = ["\"format\"", "\"MnistPS.Network\"", "\"version\"", "\"inputSize\"", "\"layers\"", "\"weights\"", "\"biases\"", "\"inputs\"", "\"outputs\"", "\"activation\"", "\"hiddenActivation\"", "\"Softmax\"", "\"ReLU\"", "\"$type\"", "784", "1e39", "-0", "null", "true", "\\u0000", "\u00EF\u00BB\u00BF"],
            AllocationBound = length => (1L << 20) + (64 * length),
            Verify = (outcome, folder) => ModelRoundTrip.Verify(outcome, folder, ModelFormat.Json),
        },
        new()
        {
            Name = "Onnx",
            Description = "the bytes are a model .onnx file, loaded as Import-MnistNetwork loads it (ModelFormats.Load: protobuf, then the graph read as a chain of dense layers); a network that loads must export to ONNX and import back bit for bit",
            Write = (input, folder) => FuzzFiles.Write(folder, "fuzz.onnx", input),
            Read = ModelRoundTrip.Load,
            IsTypedError = e => e is ModelFileException { Unreadable: false },
            Seeds = FuzzSeeds.Onnx,
            Dictionary = ["pixels", "probabilities", "Gemm", "MatMul", "Add", "Mul", "Div", "Relu", "Sigmoid", "Tanh", "Softmax", "LogSoftmax", "Constant", "Flatten", "Reshape", "transB", "alpha", "beta", "axis", "\x08\x07", "\x0A\x00"],

            // Protobuf keeps what it parses (a tensor's floats as bytes, then as floats); the reader copies the weights to layers.
            AllocationBound = length => (1L << 20) + (16 * length),
            Verify = (outcome, folder) => ModelRoundTrip.Verify(outcome, folder, ModelFormat.Onnx),
        },
        new()
        {
            Name = "Image",
            Description = "the bytes are an image file, read as Import-MnistImage reads it (DigitImage.Read with the default normalisation); Skia decodes underneath",
            Write = (input, folder) => FuzzFiles.Write(folder, "fuzz.img", input),
            Read = path => new FuzzOutcome { Samples = [DigitImage.Read(path)] },
            IsTypedError = e => e is MnistImageException { Kind: not ImageProblem.Unreadable },
            Seeds = FuzzSeeds.Image,
            Dictionary = ["\u0089PNG\r\n\x1A\n", "IHDR", "IDAT", "IEND", "PLTE", "tRNS", "\xFF\xD8\xFF", "\xFF\xC0", "\xFF\xC4", "\xFF\xDA", "GIF89a", "BM", "RIFF", "WEBP", "VP8 ", "VP8L", "VP8X"],

            // The grey working image (at most 1024 x 1024 floats) and the normaliser's maps of it; Skia's bitmap is native
            // memory, bounded by ImageOptions.MaxDecodedPixels before it is allocated.
            AllocationBound = length => (64L << 20) + (2 * length),
        },
    ];

    /// <summary>The target named <paramref name="name"/> (case-insensitive), or null.</summary>
    public static FuzzTarget? Find(string name) => All.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));
}
