using MnistPS.Interop;

namespace MnistPS.Tests;

/// <summary>Which format a model file is written in and read as.</summary>
public class ModelFormatTests
{
    private readonly string _folder = TestData.NewFolder();

    [Theory]
    [InlineData("model.json", ModelFormat.Json)]
    [InlineData("MODEL.ONNX", ModelFormat.Onnx)]
    [InlineData("dir.v2/model.npz", ModelFormat.Npz)]
    public void The_extension_chooses_the_format_to_write(string path, ModelFormat format) =>
        Assert.Equal(format, ModelFormats.FromExtension(path));

    [Theory]
    [InlineData("model.bin", "the extension '.bin' names no model format")]
    [InlineData("model", "the file name has no extension")]
    public void An_extension_that_names_no_format_is_refused_naming_the_choices(string path, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => ModelFormats.FromExtension(path));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains("-Format Json, Onnx or Npz", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ModelFormat.Json, "model.onnx")]
    [InlineData(ModelFormat.Onnx, "model.json")]
    [InlineData(ModelFormat.Onnx, "model.bin")]
    public void Files_are_read_by_their_content_whatever_their_name(ModelFormat format, string name)
    {
        var network = Network.Create(new NetworkOptions { HiddenSizes = [12], Seed = 4 });
        var path = Path.Combine(_folder, name);
        AtomicFile.Write(path, stream => ModelFormats.Write(network, stream, format));

        var back = ModelFormats.Load(path);

        Assert.Equal(format, ModelFormats.Detect(File.ReadAllBytes(path), path));
        Assert.Equal(network.Layers[0].W.ToArray(), back.Layers[0].W.ToArray());
        Assert.Equal(4, back.Seed);
    }

    [Fact]
    public void An_npz_archive_is_refused_with_what_to_import_instead()
    {
        var path = Path.Combine(_folder, "model.npz");
        AtomicFile.Write(path, stream => ModelFormats.Write(Network.Create(new NetworkOptions { Seed = 1 }), stream, ModelFormat.Npz));

        var e = Assert.Throws<ModelFileException>(() => ModelFormats.Load(path));

        Assert.StartsWith(path + ": this is a NumPy .npz archive", e.Message, StringComparison.Ordinal);
        Assert.Contains("import the network's .json or .onnx file instead", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("model.json", "the file is not valid JSON")]
    [InlineData("model.onnx", "the file is not an ONNX model")]
    public void A_file_in_neither_format_gets_the_error_of_the_format_its_name_says(string name, string expected)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, "weights: lots");

        var e = Assert.Throws<ModelFileException>(() => ModelFormats.Load(path));

        Assert.StartsWith(path + ": " + expected, e.Message, StringComparison.Ordinal);
    }
}
