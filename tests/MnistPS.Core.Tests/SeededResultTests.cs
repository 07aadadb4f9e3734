using System.Runtime.InteropServices;
using System.Security.Cryptography;
using MnistPS.Numerics;

namespace MnistPS.Tests;

/// <summary>
/// Seeded training pinned to the bit: the weights of a few short runs of wide networks, hashed, against the hashes the
/// engine gave before its wide layers were worked a block at a time (commit b36e0f1); the augmented run's since its
/// elastic noise and dropout draws came from the vectorised counter stream (CounterStream). Category Kernels: the test run
/// repeats them on each vector width, whose arithmetic differs (the 128-bit and scalar paths reduce dot products in
/// another order, and the scalar path does not fuse multiply-adds), hence a hash per width. Pinned on x64 only.
/// </summary>
[Trait("Category", "Kernels")]
public class SeededResultTests
{
    public static TheoryData<string, string, string, string> Runs => new()
    {
        // run, then the hash with 256- or 512-bit vectors, with 128-bit vectors, without SIMD
        { "plain", "E6843F4AAEE742C4", "3453BCEE0E0971F1", "ABB7BAD971ADF918" },
        { "augmented", "DCA14BA85290AE85", "F789751C4986A244", "AB46F3FAB30849D8" },
    };

    [Theory]
    [MemberData(nameof(Runs))]
    public void Seeded_wide_runs_give_the_weights_they_always_gave(string run, string wide, string narrow, string scalar)
    {
        var network = Network.Create(new NetworkOptions { HiddenSizes = [200, 130], Seed = 11 });
        var options = new TrainingOptions { Epochs = 1, BatchSize = 64, LearningRate = 0.05f, Seed = 12 };
        if (run == "augmented")
        {
            options = options with { Optimizer = OptimizerKind.Momentum, Dropout = 0.2f, MaxShift = 1, MaxRotation = 10, ElasticAlpha = 20, ElasticSigma = 3 };
        }

        foreach (var _ in new Trainer(network, options).Train(TestData.Train.Slice(0, 3000)))
        {
        }

        var weights = network.Layers.SelectMany(l => l.W.ToArray().Concat(l.B.ToArray())).ToArray();
        var hash = Convert.ToHexString(SHA256.HashData(MemoryMarshal.AsBytes(weights.AsSpan())))[..16];
        var expected = Kernels.VectorBits >= 256 ? wide : Kernels.VectorBits == 128 ? narrow : scalar;
        if (RuntimeInformation.ProcessArchitecture == Architecture.X64)
        {
            Assert.True(expected == hash, $"{run} on {Kernels.VectorBits}-bit vectors: {hash}, pinned {expected}");
        }
    }
}
