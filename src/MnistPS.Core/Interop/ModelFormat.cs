namespace MnistPS.Interop;

/// <summary>The file formats a network is saved in.</summary>
public enum ModelFormat
{
    /// <summary>MnistPS's versioned JSON (see <see cref="ModelFile"/>): everything, read back bit for bit.</summary>
    Json,

    /// <summary>A standard ONNX model (see <see cref="OnnxExport"/>), for ONNX Runtime and other tools; read back too.</summary>
    Onnx,

    /// <summary>A NumPy .npz archive of W1, B1, ... in the tutorial's shapes (see <see cref="NpzWriter"/>); written only.</summary>
    Npz,
}

/// <summary>Chooses a model file's format: from the extension when writing, from the content (or the extension) when reading.</summary>
public static class ModelFormats
{
    private static readonly Dictionary<string, ModelFormat> Extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        [".json"] = ModelFormat.Json,
        [".onnx"] = ModelFormat.Onnx,
        [".npz"] = ModelFormat.Npz,
    };

    /// <summary>
    /// The format <paramref name="path"/>'s extension names (.json, .onnx, .npz, any case). Throws
    /// <see cref="ArgumentException"/> naming the file and the choices when it names none.
    /// </summary>
    public static ModelFormat FromExtension(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var extension = Path.GetExtension(path);
        return Extensions.TryGetValue(extension, out var format)
            ? format
            : throw new ArgumentException($"'{path}': {(extension.Length > 0 ? $"the extension '{extension}' names no model format" : "the file name has no extension to choose a model format")}. Name the file *.json, *.onnx or *.npz, or choose the format with -Format Json, Onnx or Npz.");
    }

    /// <summary>Writes <paramref name="network"/> to <paramref name="destination"/> in <paramref name="format"/>.</summary>
    public static void Write(Network network, Stream destination, ModelFormat format)
    {
        switch (format)
        {
            case ModelFormat.Json:
                ModelFile.Write(network, destination);
                break;
            case ModelFormat.Onnx:
                OnnxExport.Write(network, destination);
                break;
            case ModelFormat.Npz:
                NpzWriter.Write(network, destination);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "Use Json, Onnx or Npz.");
        }
    }

    /// <summary>
    /// Reads a network from a model file of any format this build reads, told apart by content (see <see cref="Detect"/>).
    /// Throws <see cref="ModelFileException"/> naming the file and what is wrong; <paramref name="note"/> hears what a
    /// user should know about an ONNX import.
    /// </summary>
    public static Network Load(string path, Action<string>? note = null) => Read(ModelFile.ReadAllBytes(path), path, note);

    /// <summary>Reads a network from the bytes of a model file; <paramref name="path"/> names it in errors.</summary>
    public static Network Read(byte[] bytes, string path, Action<string>? note = null)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return Detect(bytes, path) switch
        {
            ModelFormat.Onnx => OnnxImport.Read(bytes, path, note),
            ModelFormat.Npz => throw new ModelFileException(path, "this is a NumPy .npz archive. MnistPS writes .npz files for NumPy but does not read them back; import the network's .json or .onnx file instead."),
            _ => ModelFile.Read(bytes, path),
        };
    }

    /// <summary>
    /// The format of a model file's bytes: a zip (PK\x03\x04) is NPZ; JSON starts with '{' (after any byte-order mark and
    /// white space); ONNX is protobuf, whose first field (ir_version) starts with the byte 0x08. Otherwise the
    /// extension decides, and a file with neither is read as JSON, whose errors say what is wrong.
    /// </summary>
    public static ModelFormat Detect(ReadOnlySpan<byte> bytes, string path)
    {
        if (bytes.StartsWith("PK\x03\x04"u8))
        {
            return ModelFormat.Npz;
        }

        var text = bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? bytes[3..] : bytes;
        var start = text.IndexOfAnyExcept(" \t\r\n"u8);
        if (start >= 0 && text[start] == (byte)'{')
        {
            return ModelFormat.Json;
        }

        if (bytes.Length > 0 && bytes[0] == 0x08)
        {
            return ModelFormat.Onnx;
        }

        return Extensions.TryGetValue(Path.GetExtension(path ?? string.Empty), out var format) && format == ModelFormat.Onnx ? ModelFormat.Onnx : ModelFormat.Json;
    }
}
