using System.Text;
using MnistPS.Fuzzing;

namespace MnistPS.Tests;

/// <summary>
/// What fuzzing found, kept: every minimised input under FuzzFindings/&lt;target&gt;/ replays through the harness's target (the
/// reader's typed error or samples, bounded memory), each finding has a test of its own message, and every seed reads cleanly.
/// </summary>
public sealed class FuzzFindingTests : IDisposable
{
    private readonly string _folder = TestData.NewFolder();

    public static TheoryData<string> Targets => [.. FuzzTargets.All.Select(t => t.Name)];

    public static TheoryData<string, string> Findings
    {
        get
        {
            var root = Path.Combine(AppContext.BaseDirectory, "FuzzFindings");
            var findings = new TheoryData<string, string>();
            foreach (var file in Directory.GetFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                findings.Add(Path.GetFileName(Path.GetDirectoryName(file))!, Path.GetRelativePath(root, file));
            }

            return findings;
        }
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Every_seed_reads_cleanly(string name)
    {
        var target = FuzzTargets.Find(name)!;
        foreach (var seed in target.Seeds())
        {
            var outcome = target.Execute(seed.Bytes, _folder);
            Assert.True(outcome.Error is null && outcome.BadRecords == 0, $"{name} seed {seed.Name}: {outcome}");
        }
    }

    [Theory]
    [MemberData(nameof(Findings))]
    public void Every_kept_finding_is_read_or_refused_with_the_typed_error(string target, string file)
    {
        // Execute throws on anything but the reader's typed error naming the file, and on allocation beyond the bound.
        FuzzTargets.Find(target)!.Execute(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "FuzzFindings", file)), _folder);
    }

    [Theory]
    [InlineData(new byte[] { (byte)'{', (byte)'"', 0xFF, (byte)'"', (byte)':', (byte)'1', (byte)'}' }, 3)]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF, (byte)'{', (byte)'"', (byte)'a', (byte)'"', (byte)':', (byte)'"', 0xC3, (byte)'"', (byte)'}' }, 10)]
    public void Model_file_that_is_not_UTF8_is_a_model_file_error_naming_the_byte(byte[] bytes, int at)
    {
        // Found by ModelProperties: JsonDocument leaves strings undecoded, and the property names' decoding threw InvalidOperationException.
        var path = Path.Combine(_folder, "not-utf8.json");
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<ModelFileException>(() => ModelFile.Load(path));
        Assert.Equal($"{path}: the file is not UTF-8 text: byte {at} is not valid UTF-8. Is it a MnistPS model file?", e.Message);
        Assert.False(e.Unreadable);
        Assert.Throws<ModelFileException>(() => ModelFile.Read(Encoding.Latin1.GetBytes("{\"format\":\"MnistPS.Network\u00FF\"}"), "latin-1"));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
