using System.Runtime.Intrinsics.X86;

namespace MnistPS.Numerics;

/// <summary>Hints to the processor about data that is about to be read.</summary>
internal static class CacheHints
{
    /// <summary>
    /// Asks for every cache line of <paramref name="data"/> to be loaded, without waiting for them: for data read in
    /// an order the hardware cannot foresee (shuffled images) or just written by another core.
    /// </summary>
    public static unsafe void Prefetch<T>(ReadOnlySpan<T> data)
        where T : unmanaged
    {
        if (!Sse.IsSupported || data.IsEmpty)
        {
            return;
        }

        fixed (T* start = data)
        {
            var bytes = (byte*)start;
            var length = data.Length * sizeof(T);
            for (var offset = 0; offset < length; offset += 64)
            {
                Sse.Prefetch0(bytes + offset);
            }
        }
    }
}
