using System.Text;
using CsCheck;
using MnistPS.Fuzzing;
using MnistPS.Interop;

namespace MnistPS.Tests.Properties;

/// <summary>Model files (JSON and ONNX): every network, whatever its float32 values, saves and loads back bit for bit; damaged files load or are refused.</summary>
public sealed class ModelProperties : IDisposable
{
    private const int RoundTripCases = 100;
    private const int MutationCases = 1000;

    private readonly string _folder = TestData.NewFolder();

    /// <summary>Any finite float32: subnormals, -0, the largest, as well as ordinary weights.</summary>
    private static Gen<float> Finite { get; } = Gen.Int.Select(bits => BitConverter.Int32BitsToSingle(bits)).Select(f => float.IsFinite(f) ? f : -0f);

    /// <summary>Small networks (0 to 2 hidden layers of 1 to 3 units) with arbitrary weights and settings.</summary>
    private static Gen<Network> Networks { get; } =
        Gen.Select(Gen.Int[1, 3].Array[0, 2], Gen.OneOf(Activation.ReLU, Activation.Sigmoid, Activation.Tanh), Gen.Enum<WeightInitialization>(), Gen.Int, Gen.Int[0, int.MaxValue])
            .SelectMany((hidden, activation, initialization, seed, epochs) =>
            {
                int[] sizes = [Network.InputSize, .. hidden, Network.OutputSize];
                var layers = Gen.Const(Array.Empty<DenseLayer>());
                for (var l = 0; l < sizes.Length - 1; l++)
                {
                    var (number, inputs, outputs) = (l + 1, sizes[l], sizes[l + 1]);
                    var kind = number == sizes.Length - 1 ? Activation.Softmax : activation;
                    layers = layers.SelectMany(before => Gen.Select(Finite.Array[inputs * outputs], Finite.Array[outputs])
                        .Select((w, b) => (DenseLayer[])[.. before, DenseLayer.FromUnitMajor(number, inputs, outputs, kind, w, b)]));
                }

                return layers.Select(all => new Network(all, activation, initialization, seed, epochs));
            });

    [Theory]
    [InlineData(ModelFormat.Json, 21)]
    [InlineData(ModelFormat.Onnx, 23)]
    public void Saved_networks_load_back_bit_for_bit(ModelFormat format, uint stream)
    {
        Property.Check(Networks, network =>
        {
            var path = Path.Combine(_folder, "round-trip." + format.ToString().ToLowerInvariant());
            File.WriteAllBytes(path, Bytes(network, format));
            Assert.Null(ModelRoundTrip.Differs(network, ModelFormats.Load(path)));
        }, RoundTripCases, stream);
    }

    [Theory]
    [InlineData("Model", 22)]
    [InlineData("Onnx", 24)]
    public void Damaged_files_load_or_are_refused_and_cut_files_are_refused(string name, uint stream)
    {
        var target = FuzzTargets.Find(name)!;
        var format = name == "Onnx" ? ModelFormat.Onnx : ModelFormat.Json;
        var seeds = target.Seeds();
        Property.Check(Gen.Select(Gen.Int[0, seeds.Count], Networks, Mutation.Some), c =>
        {
            var (which, network, mutations) = c;
            var original = which < seeds.Count ? seeds[which].Bytes : Bytes(network, format);
            var (damaged, _) = Mutation.ApplyAll(mutations, original, numbers: null);

            // Typed error only, bounded memory, and a network that loads saves and loads back unchanged: the harness checks it.
            var outcome = target.Execute(damaged, _folder);
            if (format == ModelFormat.Json && mutations.All(m => m.Kind == MutationKind.Truncate) && damaged.Length < original.Length)
            {
                Assert.True(outcome.Error is ModelFileException, $"a model file cut to {damaged.Length} of {original.Length} bytes loaded.");
            }
        }, MutationCases, stream);
    }

    private static byte[] Bytes(Network network, ModelFormat format)
    {
        using var stream = new MemoryStream();
        ModelFormats.Write(network, stream, format);
        return stream.ToArray();
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
