using System.Buffers.Binary;
using System.Text;
using CsCheck;

namespace MnistPS.Tests.Properties;

/// <summary>The ways a file gets damaged: a flipped bit, a cut, a span lost or doubled, a number in the header that lies.</summary>
internal enum MutationKind
{
    BitFlip,
    Truncate,
    DeleteSpan,
    DuplicateSpan,
    HugeNumber,
}

/// <summary>
/// One damage to a file. Positions are fractions of the file's length so that one mutation fits any file. A huge number is
/// written big-endian over one of the file's header numbers (binary) or in place of a run of digits (text).
/// </summary>
internal sealed record Mutation(MutationKind Kind, double At, double Length, int Bit, int Choice)
{
    private static readonly uint[] HugeBinary = [0xFFFFFFFF, 0x7FFFFFFF, 0x80000000, 0x00100000, 0x01000000];
    private static readonly string[] HugeText = ["99999999999999999999", "2147483648", "-2147483649", "4294967296", "1e309", "-1e-400", "255255255"];

    /// <summary>One mutation.</summary>
    public static Gen<Mutation> One { get; } =
        Gen.Select(Gen.Enum<MutationKind>(), Gen.Double[0, 1], Gen.Double[0, 0.25], Gen.Int[0, 7], Gen.Int[0, 1000])
            .Select((kind, at, length, bit, choice) => new Mutation(kind, at, length, bit, choice));

    /// <summary>One to three mutations, applied in order.</summary>
    public static Gen<Mutation[]> Some { get; } = One.Array[1, 3];

    /// <summary>
    /// The damaged copy of <paramref name="bytes"/>, and the first byte of the original that the damage reaches (everything
    /// before it is intact). <paramref name="numbers"/> are the offsets of the header's 32-bit numbers, or null for text.
    /// </summary>
    public (byte[] Bytes, int FirstDamaged) Apply(byte[] bytes, IReadOnlyList<int>? numbers)
    {
        var at = Math.Min((int)(At * bytes.Length), Math.Max(0, bytes.Length - 1));
        var span = Math.Max(1, (int)(Length * bytes.Length));
        switch (Kind)
        {
            case MutationKind.BitFlip when bytes.Length > 0:
                var flipped = bytes.ToArray();
                flipped[at] ^= (byte)(1 << Bit);
                return (flipped, at);
            case MutationKind.Truncate:
                return (bytes[..at], at);
            case MutationKind.DeleteSpan:
                return ([.. bytes.AsSpan(0, at), .. bytes.AsSpan(Math.Min(bytes.Length, at + span))], at);
            case MutationKind.DuplicateSpan:
                var copied = bytes.AsSpan(at, Math.Min(span, bytes.Length - at));
                return ([.. bytes.AsSpan(0, at + copied.Length), .. copied, .. bytes.AsSpan(at + copied.Length)], at + copied.Length);
            case MutationKind.HugeNumber when numbers is { Count: > 0 } && numbers[Choice % numbers.Count] + 4 <= bytes.Length:
                var offset = numbers[Choice % numbers.Count];
                var lying = bytes.ToArray();
                BinaryPrimitives.WriteUInt32BigEndian(lying.AsSpan(offset), HugeBinary[Choice % HugeBinary.Length]);
                return (lying, offset);
            case MutationKind.HugeNumber when numbers is null:
                return HugeInText(bytes, at);
            default:
                return (bytes, bytes.Length);
        }
    }

    /// <summary>Applies mutations in turn; the damage starts at the earliest of them (counted in the original for the first).</summary>
    public static (byte[] Bytes, int FirstDamaged) ApplyAll(IEnumerable<Mutation> mutations, byte[] bytes, IReadOnlyList<int>? numbers)
    {
        var first = bytes.Length;
        foreach (var mutation in mutations)
        {
            (bytes, var damaged) = mutation.Apply(bytes, numbers);
            first = Math.Min(first, damaged);
        }

        return (bytes, first);
    }

    private (byte[], int) HugeInText(byte[] bytes, int at)
    {
        var start = Array.FindIndex(bytes, at, b => b is >= (byte)'0' and <= (byte)'9');
        if (start < 0)
        {
            return (bytes, bytes.Length);
        }

        var end = start;
        while (end < bytes.Length && bytes[end] is >= (byte)'0' and <= (byte)'9')
        {
            end++;
        }

        return ([.. bytes.AsSpan(0, start), .. Encoding.ASCII.GetBytes(HugeText[Choice % HugeText.Length]), .. bytes.AsSpan(end)], start);
    }
}
