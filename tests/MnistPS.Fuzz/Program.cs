using System.Text;
using MnistPS.Fuzzing;

// The fuzzing harness. ./build.ps1 Fuzz -Target NAME runs afl-fuzz on "run NAME"; the other commands prepare and replay.
var usage = """
    MnistPS.Fuzz targets                                  list the targets and what each feeds its reader
    MnistPS.Fuzz seeds <target> <folder> <dictionary>     write the seed corpus and afl-fuzz's dictionary
    MnistPS.Fuzz run <target> <work folder>               the afl-fuzz entry point (SharpFuzz, out of process; input on stdin)
    MnistPS.Fuzz replay <target> <file or folder>...      read inputs here and say how each ends; exit 1 if any fails
    MnistPS.Fuzz minimize <target> <input> <output>       shrink a failing input while it fails the same way
    """;
var target = args.Length >= 2 ? FuzzTargets.Find(args[1]) : null;
switch (args.FirstOrDefault())
{
    case "targets":
        foreach (var t in FuzzTargets.All)
        {
            Console.WriteLine($"{t.Name}: {t.Description}.");
        }

        return 0;
    case "seeds" when target is not null && args.Length == 4:
        Directory.CreateDirectory(args[2]);
        foreach (var seed in target.Seeds())
        {
            File.WriteAllBytes(Path.Combine(args[2], seed.Name), seed.Bytes);
        }

        File.WriteAllLines(args[3], target.Dictionary.Select((token, i) => $"token{i}=\"{Escape(token)}\""));
        return 0;
    case "run" when target is not null && args.Length == 3:
        string? folder = null;
        SharpFuzz.Fuzzer.OutOfProcess.Run(stream =>
        {
            folder ??= Directory.CreateDirectory(Path.Combine(args[2], Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture))).FullName;
            using var input = new MemoryStream();
            stream.CopyTo(input);
            target.Execute(input.ToArray(), folder);
        });
        return 0;
    case "replay" when target is not null && args.Length >= 3:
        return Replay.Files(target, args[2..]);
    case "minimize" when target is not null && args.Length == 4:
        return Replay.Minimize(target, args[2], args[3]);
    default:
        Console.Error.WriteLine(target is null && args.Length >= 2 ? $"No target '{args[1]}'; the targets are {string.Join(", ", FuzzTargets.All.Select(t => t.Name))}." : usage);
        return 2;
}

// afl-fuzz dictionary values: printable ASCII as is, other bytes (and quote, backslash) as \xNN.
static string Escape(string token) => string.Concat(token.Select(c => c is >= ' ' and <= '~' and not '"' and not '\\' ? c.ToString() : $"\\x{(int)c:X2}"));
