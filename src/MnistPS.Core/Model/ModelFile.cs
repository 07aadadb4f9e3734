using System.Text.Json;

namespace MnistPS;

/// <summary>
/// Saves and loads networks as versioned JSON (format "MnistPS.Network", version 1; described in the README), with
/// how they were trained (<see cref="TrainingRunJson"/>).
/// Loading reads numbers and names only: it never creates a type named by the file. Saving writes a temporary
/// file beside the target and renames it over the target, so a failed save leaves the previous file intact.
/// </summary>
public static class ModelFile
{
    /// <summary>The value of the "format" property.</summary>
    public const string FormatName = "MnistPS.Network";

    /// <summary>The format version this build writes and reads.</summary>
    public const int Version = 1;

    private static ReadOnlySpan<byte> Utf8ByteOrderMark => [0xEF, 0xBB, 0xBF];

    /// <summary>The largest model file read (1 GiB).</summary>
    public const long MaxFileBytes = 1L << 30;

    /// <summary>Writes <paramref name="network"/> to <paramref name="path"/> atomically.</summary>
    public static void Save(Network network, string path) => Save(network, path, null);

    /// <summary>Save, with a hook that wraps the temporary file's stream (tests use it to make the write fail).</summary>
    internal static void Save(Network network, string path, Func<Stream, Stream>? wrap)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(path);
        AtomicFile.Write(path, stream =>
        {
            using var target = wrap?.Invoke(stream);
            Write(network, target ?? stream);
        });
    }

    /// <summary>Writes the JSON of <paramref name="network"/> to a stream.</summary>
    public static void Write(Network network, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(network);
        using var json = new Utf8JsonWriter(destination, new JsonWriterOptions { Indented = false });
        json.WriteStartObject();
        json.WriteString("format", FormatName);
        json.WriteNumber("version", Version);
        json.WriteString("architecture", network.Architecture);
        json.WriteNumber("inputSize", Network.InputSize);
        json.WriteString("hiddenActivation", network.HiddenActivation.ToString());
        json.WriteString("initialization", network.Initialization.ToString());
        json.WriteNumber("seed", network.Seed);
        json.WriteNumber("epochsTrained", network.EpochsTrained);
        TrainingRunJson.Write(json, network.TrainingRuns);
        json.WriteStartArray("layers");
        foreach (var layer in network.Layers)
        {
            json.WriteStartObject();
            json.WriteNumber("inputs", layer.InputSize);
            json.WriteNumber("outputs", layer.OutputSize);
            json.WriteString("activation", layer.Activation.ToString());
            WriteArray(json, "weights", layer.ToUnitMajor());
            WriteArray(json, "biases", layer.B[..layer.OutputSize]);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>
    /// Reads a network saved by <see cref="Save(Network, string)"/>. Throws <see cref="ModelFileException"/> naming the file and
    /// what is wrong; when the file cannot be read at all, its <see cref="ModelFileException.Unreadable"/> is true.
    /// </summary>
    public static Network Load(string path) => Read(ReadAllBytes(path), path);

    /// <summary>
    /// The bytes of a model file of any format, at most <see cref="MaxFileBytes"/>. Throws <see cref="ModelFileException"/>
    /// naming the file when it is missing, a folder, too large or unreadable.
    /// </summary>
    internal static byte[] ReadAllBytes(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw Directory.Exists(path)
                    ? new ModelFileException(path, $"this is a folder, not a model file. Name the file in it (for example {System.IO.Path.Combine(path, "*.json")}).", unreadable: true)
                    : new ModelFileException(path, "the file does not exist. Check the path.", unreadable: true);
            }

            if (info.Length > MaxFileBytes)
            {
                throw new ModelFileException(path, $"the file is {info.Length} bytes; a model file is at most {MaxFileBytes} bytes. Is this a model file?");
            }

            return File.ReadAllBytes(path);
        }
        catch (IOException e)
        {
            throw new ModelFileException(path, $"the file cannot be read ({e.Message}). Check that no other program holds it and that the disk is readable.", e, unreadable: true);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new ModelFileException(path, "the file cannot be read (access denied). Check its permissions.", e, unreadable: true);
        }
    }

    /// <summary>Reads a network from JSON bytes; <paramref name="path"/> names the source in errors.</summary>
    public static Network Read(ReadOnlyMemory<byte> json, string path)
    {
        if (json.IsEmpty)
        {
            throw new ModelFileException(path, "the file is empty. Save the network again with Export-MnistNetwork.");
        }

        var skipped = json.Span.StartsWith(Utf8ByteOrderMark) ? Utf8ByteOrderMark.Length : 0;
        json = json[skipped..];

        // JsonDocument checks the structure but leaves strings undecoded until they are read: bytes that are not UTF-8 would
        // fail there, deep in the parse, without naming the file.
        if (!System.Text.Unicode.Utf8.IsValid(json.Span))
        {
            throw new ModelFileException(path, $"the file is not UTF-8 text: byte {skipped + InvalidUtf8At(json.Span) + 1} is not valid UTF-8. Is it a MnistPS model file?");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            throw new ModelFileException(path, $"the file is not valid JSON (line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1}: {e.Message}). Is it a MnistPS model file?", e);
        }

        using (document)
        {
            return Parse(document.RootElement, path);
        }
    }

    private static Network Parse(JsonElement root, string path)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new ModelFileException(path, $"the JSON is {JsonFields.Kind(root)}, not an object with \"format\": \"{FormatName}\".");
        }

        JsonFields.RejectTypeNames(root, path, "the file");
        if (!root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String || format.GetString() != FormatName)
        {
            throw new ModelFileException(path, $"the JSON has no \"format\": \"{FormatName}\" property; it is not a MnistPS model file.");
        }

        var version = JsonFields.Integer(root, "version", path, "the file");
        if (version != Version)
        {
            throw new ModelFileException(path, version > Version
                ? $"the file is format version {version}, written by a newer MnistPS; this one reads version {Version}. Update MnistPS."
                : $"format version {version} is not known; this MnistPS reads version {Version}.");
        }

        var inputSize = JsonFields.Integer(root, "inputSize", path, "the file");
        if (inputSize != Network.InputSize)
        {
            throw new ModelFileException(path, $"inputSize is {inputSize}; MnistPS networks take {Network.InputSize} pixels.");
        }

        var hidden = JsonFields.EnumValue<Activation>(root, "hiddenActivation", path, "the file");
        var initialization = JsonFields.EnumValue<WeightInitialization>(root, "initialization", path, "the file");
        var seed = JsonFields.Integer(root, "seed", path, "the file", int.MinValue);
        var epochs = JsonFields.Integer(root, "epochsTrained", path, "the file");
        if (!root.TryGetProperty("layers", out var layersJson) || layersJson.ValueKind != JsonValueKind.Array || layersJson.GetArrayLength() == 0)
        {
            throw new ModelFileException(path, "\"layers\" is missing or not a non-empty array of layers.");
        }

        var count = layersJson.GetArrayLength();
        if (count > NetworkOptions.MaxHiddenLayers + 1)
        {
            throw new ModelFileException(path, $"the file has {count} layers; at most {NetworkOptions.MaxHiddenLayers + 1} are supported.");
        }

        var layers = new DenseLayer[count];
        var expectedInputs = Network.InputSize;
        var number = 0;
        foreach (var layerJson in layersJson.EnumerateArray())
        {
            number++;
            var where = $"layer {number}";
            if (layerJson.ValueKind != JsonValueKind.Object)
            {
                throw new ModelFileException(path, $"{where} is {JsonFields.Kind(layerJson)}, not an object.");
            }

            JsonFields.RejectTypeNames(layerJson, path, where);
            var inputs = JsonFields.Integer(layerJson, "inputs", path, where);
            var outputs = JsonFields.Integer(layerJson, "outputs", path, where);
            var activation = JsonFields.EnumValue<Activation>(layerJson, "activation", path, where);
            var last = number == count;
            if (inputs != expectedInputs)
            {
                throw new ModelFileException(path, $"{where} has {inputs} inputs but the layer before it has {expectedInputs} outputs.");
            }

            if (outputs is < 1 or > NetworkOptions.MaxLayerSize || (last && outputs != Network.OutputSize))
            {
                throw new ModelFileException(path, last ? $"the last layer has {outputs} outputs; it must have {Network.OutputSize}, one per digit." : $"{where} has {outputs} outputs; a layer has 1 to {NetworkOptions.MaxLayerSize}.");
            }

            if (last ? activation != Activation.Softmax : activation != hidden)
            {
                throw new ModelFileException(path, last ? $"the last layer's activation is {activation}; it must be Softmax." : $"{where}'s activation is {activation} but hiddenActivation is {hidden}.");
            }

            var weights = Floats(layerJson, "weights", (long)inputs * outputs, path, where);
            var biases = Floats(layerJson, "biases", outputs, path, where);
            layers[number - 1] = DenseLayer.FromUnitMajor(number, inputs, outputs, activation, weights, biases);
            expectedInputs = outputs;
        }

        if (hidden == Activation.Softmax)
        {
            throw new ModelFileException(path, "hiddenActivation cannot be Softmax; use ReLU, Sigmoid or Tanh.");
        }

        return new Network(layers, hidden, initialization, seed, epochs, TrainingRunJson.Read(root, path));
    }

    private static int InvalidUtf8At(ReadOnlySpan<byte> bytes)
    {
        var at = 0;
        while (System.Text.Rune.DecodeFromUtf8(bytes[at..], out _, out var used) == System.Buffers.OperationStatus.Done)
        {
            at += used;
        }

        return at;
    }

    private static void WriteArray(Utf8JsonWriter json, string name, ReadOnlySpan<float> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteNumberValue(value);
        }

        json.WriteEndArray();
    }

    private static float[] Floats(JsonElement element, string name, long expected, string path, string where)
    {
        if (!element.TryGetProperty(name, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            throw new ModelFileException(path, $"{where}: \"{name}\" is missing or not an array of numbers.");
        }

        var length = array.GetArrayLength();
        if (length != expected)
        {
            throw new ModelFileException(path, $"{where}: \"{name}\" has {length} values, expected {expected} for its shape.");
        }

        var values = new float[length];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetSingle(out var value) || !float.IsFinite(value))
            {
                throw new ModelFileException(path, $"{where}: {name}[{i}] is {(item.ValueKind == JsonValueKind.Number ? item.GetRawText() : JsonFields.Kind(item))}, not a finite float32 number.");
            }

            values[i++] = value;
        }

        return values;
    }
}

/// <summary>A model file cannot be read. The message names the file and what is wrong.</summary>
public sealed class ModelFileException : MnistException
{
    internal ModelFileException(string path, string problem, Exception? innerException = null, bool unreadable = false)
        : base(path, string.Empty, problem, innerException)
    {
        Unreadable = unreadable;
    }

    /// <summary>True when the file could not be read at all (missing, a folder, access denied, a device error): its content was not judged.</summary>
    public bool Unreadable { get; }
}
