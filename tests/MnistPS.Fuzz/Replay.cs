namespace MnistPS.Fuzzing;

/// <summary>Replays inputs in this process (afl-fuzz's crashes, a corpus) and shrinks a failing one.</summary>
internal static class Replay
{
    /// <summary>Reads each file (or each file of each folder) and prints how it ended; 1 when any input failed.</summary>
    public static int Files(FuzzTarget target, IEnumerable<string> paths)
    {
        var folder = Directory.CreateTempSubdirectory("mnistps-fuzz-replay-").FullName;
        var failed = 0;
        try
        {
            foreach (var file in paths.SelectMany(p => Directory.Exists(p) ? Directory.GetFiles(p).Order(StringComparer.Ordinal) : (IEnumerable<string>)[p]))
            {
                try
                {
                    Console.WriteLine($"ok   {file}: {target.Execute(File.ReadAllBytes(file), folder)}");
                }
                catch (Exception e)
                {
                    failed++;
                    Console.WriteLine($"FAIL {file}: {e}");
                }
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        return failed == 0 ? 0 : 1;
    }

    /// <summary>
    /// Removes ever smaller spans of the input while it still fails with the same exception type thrown from the same method,
    /// then writes it to <paramref name="output"/>.
    /// </summary>
    public static int Minimize(FuzzTarget target, string input, string output)
    {
        var folder = Directory.CreateTempSubdirectory("mnistps-fuzz-minimize-").FullName;
        try
        {
            var bytes = File.ReadAllBytes(input);
            var signature = Signature(target, bytes, folder);
            if (signature is null)
            {
                Console.Error.WriteLine($"{input} does not fail; nothing to minimise.");
                return 1;
            }

            for (var span = bytes.Length / 2; span >= 1; span /= 2)
            {
                for (var start = 0; start + span <= bytes.Length;)
                {
                    byte[] shorter = [.. bytes.AsSpan(0, start), .. bytes.AsSpan(start + span)];
                    if (Signature(target, shorter, folder) == signature)
                    {
                        bytes = shorter;
                    }
                    else
                    {
                        start += span;
                    }
                }
            }

            File.WriteAllBytes(output, bytes);
            Console.WriteLine($"{output}: {bytes.Length} bytes, {signature}");
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string? Signature(FuzzTarget target, byte[] input, string folder)
    {
        try
        {
            target.Execute(input, folder);
            return null;
        }
        catch (Exception e)
        {
            var frame = new System.Diagnostics.StackTrace(e).GetFrames().FirstOrDefault(f => f.GetMethod()?.DeclaringType?.Namespace?.StartsWith("MnistPS", StringComparison.Ordinal) == true);
            var method = frame?.GetMethod();
            return $"{e.GetType().Name} in {method?.DeclaringType?.Name}.{method?.Name}";
        }
    }
}
