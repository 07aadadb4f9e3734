namespace MnistPS.Tests;

public class ErrorTypeTests
{
    [Fact]
    public void Every_engine_error_shares_one_base_that_holds_the_constructors_and_the_file()
    {
        // #17: four exception types repeated the same constructors under no common base.
        var engine = typeof(Network).Assembly;
        var errors = engine.GetExportedTypes().Where(t => typeof(Exception).IsAssignableFrom(t)).ToList();
        Assert.Contains(typeof(MnistException), errors);
        Assert.All(errors, t => Assert.True(t == typeof(MnistException) || t.IsSubclassOf(typeof(MnistException)), $"{t.Name} is not an MnistException"));
        foreach (var kind in errors.Where(t => t.IsSealed))
        {
            Assert.Empty(kind.GetConstructors()); // only the internal one each kind is raised with
        }

        var record = Assert.Throws<MnistRecordException>(() => KaggleCsv.ReadSamples(WriteCsv("1,2\n")).ToList());
        Assert.NotNull(record.Path);
        Assert.StartsWith(record.Path + ": ", record.Message, StringComparison.Ordinal);
    }

    private static string WriteCsv(string text)
    {
        var path = Path.Combine(TestData.NewFolder(), "bad.csv");
        File.WriteAllText(path, string.Join(",", Enumerable.Range(0, 785).Select(i => i == 0 ? "label" : $"pixel{i - 1}")) + "\n" + text);
        return path;
    }
}
