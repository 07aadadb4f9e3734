using CsCheck;

namespace MnistPS.Tests.Properties;

/// <summary>
/// Runs a property on a fixed number of cases, case i drawn from the fixed PCG seed (stream, i), in order, on the calling
/// thread: every run checks the same cases on every machine. (CsCheck's own Sample takes a seed for its first case only
/// and draws the others at random, which CI must not do.) A failure names its case's seed; CsCheck's
/// <c>gen.Sample(assert, seed: "...")</c> replays it.
/// </summary>
internal static class Property
{
    public static void Check<T>(Gen<T> gen, Action<T> assert, int cases, uint stream)
    {
        for (var i = 0; i < cases; i++)
        {
            var pcg = new PCG(stream, (ulong)i);
            var seed = pcg.ToString();
            var value = gen.Generate(pcg, null!, out _);
            try
            {
                assert(value);
            }
            catch (Exception e)
            {
                throw new PropertyFailedException($"Case {i + 1} of {cases} (CsCheck seed {seed}) failed: {e.Message}", e);
            }
        }
    }
}

/// <summary>A property failed on a case; the message names the case and its seed.</summary>
internal sealed class PropertyFailedException(string message, Exception inner) : Exception(message, inner);
