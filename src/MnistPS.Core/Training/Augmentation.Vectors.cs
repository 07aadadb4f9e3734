using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MnistPS;

/// <summary>
/// The warp of <see cref="Augmentation"/> on x64 vectors, 8 pixels at a time (AVX2). Two gathers of
/// four bytes fetch each pixel's four neighbours from the framed image (two side by side in each), which become
/// floats exactly. Every lane takes the scalar <c>Warp</c>'s operations in the same order, without fused
/// multiply-adds, so the images are the same byte for byte.
/// </summary>
internal static partial class Augmentation
{
    /// <summary>Where the blocks of 8 pixels start in a row of 28 (the last overlaps the one before and writes the same values again).</summary>
    private static ReadOnlySpan<int> Blocks8 => [0, 8, 16, 20];

    /// <summary>The warp 8 pixels at a time.</summary>
    [SkipLocalsInit]
    private static unsafe void Warp256(ReadOnlySpan<byte> framed, Span<byte> destination, Turn turn, InkBox ink, ReadOnlySpan<float> fieldX, ReadOnlySpan<float> fieldY)
    {
        CheckGatherMargin(framed);
        var elastic = !fieldX.IsEmpty;
        Span<float> turnedX = stackalloc float[Size];
        Span<float> turnedY = stackalloc float[Size];
        ColumnTurns(turn, turnedX, turnedY);
        var (inkLeft, inkRight, inkTop, inkBottom) = (Vector256.Create(ink.Left), Vector256.Create(ink.Right), Vector256.Create(ink.Top), Vector256.Create(ink.Bottom));
        var (one, half, faintest, level) = (Vector256.Create(1f), Vector256.Create(0.5f), Vector256.Create(FaintestInk - 0.5f), Vector256.Create(0xFF));
        fixed (byte* pf = framed)
        {
            for (var y = 0; y < Size; y++)
            {
                var (rowX, rowY) = RowTurn(turn, y);
                foreach (var x in Blocks8)
                {
                    var sx = Vector256.Create(turnedX.Slice(x, 8)) + Vector256.Create(rowX);
                    var sy = Vector256.Create(turnedY.Slice(x, 8)) + Vector256.Create(rowY);
                    var i = (y * Size) + x;
                    if (elastic)
                    {
                        sx += Vector256.Create(fieldX.Slice(i, 8));
                        sy += Vector256.Create(fieldY.Slice(i, 8));
                    }

                    var inside = Vector256.GreaterThan(sx, inkLeft) & Vector256.LessThan(sx, inkRight) & Vector256.GreaterThan(sy, inkTop) & Vector256.LessThan(sy, inkBottom);
                    if (inside == Vector256<float>.Zero)
                    {
                        continue; // destination is already 0 there
                    }

                    // Inside the ink's box x + 1 and y + 1 are positive, so truncation is the floor; lanes outside read pixel 0.
                    var x0 = Avx.ConvertToVector256Int32WithTruncation(sx + one) - Vector256<int>.One;
                    var y0 = Avx.ConvertToVector256Int32WithTruncation(sy + one) - Vector256<int>.One;
                    var fx = sx - Vector256.ConvertToSingle(x0);
                    var fy = sy - Vector256.ConvertToSingle(y0);
                    var at = Vector256.ConditionalSelect(inside.AsInt32(), ((y0 + Vector256<int>.One) * Framed) + x0 + Vector256<int>.One, Vector256<int>.Zero);
                    var upper = Avx2.GatherVector256((int*)pf, at, 1);
                    var lower = Avx2.GatherVector256((int*)(pf + Framed), at, 1);
                    var p00 = Vector256.ConvertToSingle(upper & level);
                    var p01 = Vector256.ConvertToSingle(Vector256.ShiftRightLogical(upper, 8) & level);
                    var p10 = Vector256.ConvertToSingle(lower & level);
                    var p11 = Vector256.ConvertToSingle(Vector256.ShiftRightLogical(lower, 8) & level);
                    var topRow = p00 + (fx * (p01 - p00));
                    var bottomRow = p10 + (fx * (p11 - p10));
                    var value = topRow + (fy * (bottomRow - topRow));
                    var kept = inside & Vector256.GreaterThanOrEqual(value, faintest);
                    // 0-255 in each lane, so the saturating packs are exact: eight shorts, then eight bytes leading the vector.
                    var levels = Vector256.ConditionalSelect(kept.AsInt32(), Avx.ConvertToVector256Int32WithTruncation(value + half), Vector256<int>.Zero);
                    var shorts = Sse2.PackSignedSaturate(levels.GetLower(), levels.GetUpper());
                    BinaryPrimitives.WriteUInt64LittleEndian(destination[i..], Sse2.PackUnsignedSaturate(shorts, shorts).AsUInt64().ToScalar());
                }
            }
        }
    }

    /// <summary>The framed image must have <see cref="GatherMargin"/> bytes after it for the 4-byte gathers.</summary>
    private static void CheckGatherMargin(ReadOnlySpan<byte> framed)
    {
        if (framed.Length < (Framed * Framed) + GatherMargin)
        {
            throw new ArgumentException($"The framed image needs {GatherMargin} bytes after it for the 4-byte gathers.", nameof(framed));
        }
    }
}
