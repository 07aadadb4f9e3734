using System.Text;
using System.Text.Json.Nodes;

namespace MnistPS.Tests;

public class ModelFileTests
{
    private readonly string _folder = TestData.NewFolder();

    [Fact]
    public void Round_trip_is_bit_for_bit()
    {
        var network = Network.Create(new NetworkOptions { HiddenSizes = [30, 15], HiddenActivation = Activation.Tanh, Seed = 9 });
        foreach (var _ in new Trainer(network, new TrainingOptions { Epochs = 1, Seed = 2 }).Train(TestData.Test.Slice(0, 2000)))
        {
        }

        var path = Path.Combine(_folder, "model.json");
        ModelFile.Save(network, path);
        var loaded = ModelFile.Load(path);

        Assert.Equal(network.Architecture, loaded.Architecture);
        Assert.Equal(network.HiddenActivation, loaded.HiddenActivation);
        Assert.Equal(1, loaded.EpochsTrained);
        Assert.Equal(9, loaded.Seed);
        for (var l = 0; l < network.Layers.Count; l++)
        {
            Assert.Equal(Bits(network.Layers[l].W.ToArray()), Bits(loaded.Layers[l].W.ToArray()));
            Assert.Equal(Bits(network.Layers[l].B.ToArray()), Bits(loaded.Layers[l].B.ToArray()));
        }

        Assert.Empty(Directory.GetFiles(_folder, "*.tmp"));
    }

    [Fact]
    public void Format_is_documented_json()
    {
        var path = Path.Combine(_folder, "doc.json");
        ModelFile.Save(Network.Create(new NetworkOptions { Seed = 1 }), path);
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        Assert.Equal("MnistPS.Network", (string?)json["format"]);
        Assert.Equal(1, (int?)json["version"]);
        Assert.Equal("784-20-10", (string?)json["architecture"]);
        Assert.Equal(784 * 20, json["layers"]![0]!["weights"]!.AsArray().Count);
        Assert.Equal("Softmax", (string?)json["layers"]![1]!["activation"]);
    }

    [Theory]
    [InlineData("empty", "empty")]
    [InlineData("not-json", "not valid JSON")]
    [InlineData("array", "not an object")]
    [InlineData("future", "format version 2, written by a newer MnistPS")]
    [InlineData("shape", "\"weights\" has 15679 values, expected 15680")]
    [InlineData("chain", "layer 2 has 21 inputs but the layer before it has 20 outputs")]
    [InlineData("nan", "not valid JSON")]
    [InlineData("nan-string", "biases[0] is a string, not a finite float32 number")]
    [InlineData("overflow", "not a finite float32 number")]
    [InlineData("type", "has a \"$type\" property. MnistPS model files name no .NET types")]
    [InlineData("no-layers", "\"layers\" is missing")]
    [InlineData("wrong-output", "it must have 10")]
    public void Bad_files_get_a_clear_error(string kind, string expected)
    {
        var good = Path.Combine(_folder, "good.json");
        ModelFile.Save(Network.Create(new NetworkOptions { Seed = 1 }), good);
        var json = JsonNode.Parse(File.ReadAllText(good))!;
        var text = kind switch
        {
            "empty" => string.Empty,
            "not-json" => "{ this is not json",
            "array" => "[1, 2, 3]",
            _ => null,
        };
        if (text is null)
        {
            Mutate(json, kind);
            text = json.ToJsonString();
        }

        if (kind == "nan")
        {
            text = text.Replace("\"biases\":[0,", "\"biases\":[NaN,", StringComparison.Ordinal);
        }

        var path = Path.Combine(_folder, kind + ".json");
        File.WriteAllText(path, text, Encoding.UTF8);
        var e = Assert.Throws<ModelFileException>(() => ModelFile.Load(path));
        Assert.True(e.Message.StartsWith(path + ": ", StringComparison.Ordinal) && e.Message.Contains(expected, StringComparison.Ordinal), e.Message);
    }

    [Fact]
    public void A_failed_save_leaves_the_previous_file_intact()
    {
        var path = Path.Combine(_folder, "keep.json");
        ModelFile.Save(Network.Create(new NetworkOptions { Seed = 1 }), path);
        var before = File.ReadAllBytes(path);

        Assert.Throws<IOException>(() => ModelFile.Save(Network.Create(new NetworkOptions { Seed = 2 }), path, s => new FailingStream(s, 5000)));

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(_folder));
    }

    private static void Mutate(JsonNode json, string kind)
    {
        var layers = json["layers"]!.AsArray();
        switch (kind)
        {
            case "future":
                json["version"] = 2;
                break;
            case "shape":
                layers[0]!["weights"]!.AsArray().RemoveAt(0);
                break;
            case "chain":
                layers[1]!["inputs"] = 21;
                break;
            case "nan":
                break;
            case "nan-string":
                layers[0]!["biases"]![0] = "NaN";
                break;
            case "overflow":
                layers[0]!["biases"]![3] = JsonValue.Create(1e39);
                break;
            case "type":
                json["$type"] = "System.IO.FileInfo, System.IO.FileSystem";
                break;
            case "no-layers":
                json.AsObject().Remove("layers");
                break;
            case "wrong-output":
                layers.RemoveAt(1);
                break;
        }
    }

    private static int[] Bits(float[] values) => values.Select(BitConverter.SingleToInt32Bits).ToArray();

    private sealed class FailingStream(Stream inner, long failAfter) : Stream
    {
        private long _written;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _written += buffer.Length;
            if (_written > failAfter)
            {
                throw new IOException("Simulated disk full.");
            }

            inner.Write(buffer);
        }
    }
}
