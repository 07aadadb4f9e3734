using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MnistPS;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood 2014) read at counters: draw i of the stream keyed by k is the finaliser
/// <see cref="Mix(ulong)"/> of k + (i + 1) * gamma, a pure function of the key and the counter, so a run of draws is
/// computed in vector lanes side by side. The draws are integers and their conversions exact: every vector width gives
/// the same bits. This makes the per-pixel noise of elastic fields and the per-unit dropout draws cheap next to a
/// serial generator.
/// </summary>
internal static class CounterStream
{
    /// <summary>The stream's increment: 2^64 over the golden ratio, odd.</summary>
    private const ulong Gamma = 0x9E3779B97F4A7C15UL;

    /// <summary>
    /// Uniform floats in [-1, 1) from the stream keyed by <paramref name="key"/>: the top 24 bits of each 32-bit half
    /// of a draw, scaled exactly (element 2i from the low half of draw i, 2i + 1 from its high half).
    /// </summary>
    public static void Uniform(ulong key, Span<float> destination) => Fill(key, destination, default(ToUniform));

    /// <summary>
    /// Dropout's keep mask from the stream keyed by <paramref name="key"/>: 0 where the 32-bit half of a draw (laid out
    /// as in <see cref="Uniform"/>) is below <paramref name="threshold"/>, else <paramref name="scale"/>.
    /// </summary>
    public static void KeepMask(ulong key, uint threshold, float scale, Span<float> destination) =>
        Fill(key, destination, new ToKeep(threshold, scale));

    /// <summary>
    /// Draws 0, 1, ... of the stream keyed by <paramref name="key"/>, each 32-bit half turned into a float by
    /// <paramref name="convert"/> while still in a register: element 2i from the low half of draw i, 2i + 1 from the
    /// high half (a vector of draws read as 32-bit lanes on a little-endian machine, the only kind .NET runs on).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Fill<TConvert>(ulong key, Span<float> destination, TConvert convert)
        where TConvert : struct, IConvert
    {
        if (destination.Length % 2 != 0)
        {
            throw new ArgumentException("Draws come in pairs of 32-bit halves: give an even length.", nameof(destination));
        }

        ref var pd = ref MemoryMarshal.GetReference(destination);
        var n = destination.Length / 2;
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var z = Vector512.Create(key) + (Vector512.Create(1UL, 2, 3, 4, 5, 6, 7, 8) * Gamma);
            var step = Vector512.Create(unchecked(8 * Gamma));
            for (; i <= n - 8; i += 8, z += step)
            {
                convert.Convert(Mix(z).AsUInt32()).StoreUnsafe(ref pd, (nuint)(2 * i));
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var z = Vector256.Create(key) + (Vector256.Create(1UL, 2, 3, 4) * Gamma);
            var step = Vector256.Create(unchecked(4 * Gamma));
            for (; i <= n - 4; i += 4, z += step)
            {
                convert.Convert(Mix(z).AsUInt32()).StoreUnsafe(ref pd, (nuint)(2 * i));
            }
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            var z = Vector128.Create(key) + (Vector128.Create(1UL, 2) * Gamma);
            var step = Vector128.Create(unchecked(2 * Gamma));
            for (; i <= n - 2; i += 2, z += step)
            {
                convert.Convert(Mix(z).AsUInt32()).StoreUnsafe(ref pd, (nuint)(2 * i));
            }
        }

        for (; i < n; i++)
        {
            var draw = Mix(key + ((ulong)(i + 1) * Gamma));
            Unsafe.Add(ref pd, 2 * i) = convert.Convert((uint)draw);
            Unsafe.Add(ref pd, (2 * i) + 1) = convert.Convert((uint)(draw >> 32));
        }
    }

    /// <summary>SplitMix64's finaliser: a well-mixed 64-bit value from any 64-bit one.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static Vector512<ulong> Mix(Vector512<ulong> z)
    {
        z = (z ^ Vector512.ShiftRightLogical(z, 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ Vector512.ShiftRightLogical(z, 27)) * 0x94D049BB133111EBUL;
        return z ^ Vector512.ShiftRightLogical(z, 31);
    }

    private static Vector256<ulong> Mix(Vector256<ulong> z)
    {
        z = (z ^ Vector256.ShiftRightLogical(z, 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ Vector256.ShiftRightLogical(z, 27)) * 0x94D049BB133111EBUL;
        return z ^ Vector256.ShiftRightLogical(z, 31);
    }

    private static Vector128<ulong> Mix(Vector128<ulong> z)
    {
        z = (z ^ Vector128.ShiftRightLogical(z, 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ Vector128.ShiftRightLogical(z, 27)) * 0x94D049BB133111EBUL;
        return z ^ Vector128.ShiftRightLogical(z, 31);
    }

    /// <summary>Turns 32-bit draws into floats, the same way at every width.</summary>
    private interface IConvert
    {
        float Convert(uint draw);

        Vector128<float> Convert(Vector128<uint> draws);

        Vector256<float> Convert(Vector256<uint> draws);

        Vector512<float> Convert(Vector512<uint> draws);
    }

    /// <summary>A draw's top 24 bits times 2^-23, less 1: a uniform float in [-1, 1), exact.</summary>
    private readonly struct ToUniform : IConvert
    {
        private const float Scale = 2f / (1 << 24);

        public float Convert(uint draw) => ((draw >> 8) * Scale) - 1f;

        public Vector128<float> Convert(Vector128<uint> draws) =>
            (Vector128.ConvertToSingle(Vector128.ShiftRightLogical(draws, 8).AsInt32()) * Scale) - Vector128<float>.One;

        public Vector256<float> Convert(Vector256<uint> draws) =>
            (Vector256.ConvertToSingle(Vector256.ShiftRightLogical(draws, 8).AsInt32()) * Scale) - Vector256<float>.One;

        public Vector512<float> Convert(Vector512<uint> draws) =>
            (Vector512.ConvertToSingle(Vector512.ShiftRightLogical(draws, 8).AsInt32()) * Scale) - Vector512<float>.One;
    }

    /// <summary>0 for a draw below the threshold (the unit is dropped), else the scale that keeps the layer's expected sum.</summary>
    private readonly struct ToKeep(uint threshold, float scale) : IConvert
    {
        public float Convert(uint draw) => draw < threshold ? 0f : scale;

        public Vector128<float> Convert(Vector128<uint> draws) =>
            Vector128.ConditionalSelect(Vector128.LessThan(draws, Vector128.Create(threshold)).AsSingle(), Vector128<float>.Zero, Vector128.Create(scale));

        public Vector256<float> Convert(Vector256<uint> draws) =>
            Vector256.ConditionalSelect(Vector256.LessThan(draws, Vector256.Create(threshold)).AsSingle(), Vector256<float>.Zero, Vector256.Create(scale));

        public Vector512<float> Convert(Vector512<uint> draws) =>
            Vector512.ConditionalSelect(Vector512.LessThan(draws, Vector512.Create(threshold)).AsSingle(), Vector512<float>.Zero, Vector512.Create(scale));
    }
}
