using System.Management.Automation;
using System.Text;

namespace MnistPS.Commands;

/// <summary>Draws samples as text: two characters per pixel, Unicode shading or ASCII.</summary>
[Cmdlet(VerbsCommon.Show, "MnistImage")]
[OutputType(typeof(string))]
public sealed class ShowMnistImageCommand : MnistCmdlet
{
    private const string Unicode = " ░▒▓█";
    private const string Ascii = " .:*#";

    /// <summary>The samples to draw (a prediction is drawn as its sample).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [SampleTransformation]
    public MnistSample[]? InputObject { get; set; }

    /// <summary>Use ASCII characters only (automatic when the console is not UTF-8).</summary>
    [Parameter]
    public SwitchParameter AsciiOnly { get; set; }

    protected override void ProcessRecord()
    {
        var shades = AsciiOnly || !ConsoleIsUnicode() ? Ascii : Unicode;
        foreach (var sample in InputObject ?? [])
        {
            WriteObject(Draw(sample, shades));
        }
    }

    /// <summary>The picture with a caption line: index, label and source.</summary>
    internal static string Draw(MnistSample sample, string shades)
    {
        var text = new StringBuilder();
        text.Append('#').Append(sample.Index).Append("  label: ").Append(sample.Label?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none");
        if (sample.Source is not null)
        {
            text.Append("  (").Append(System.IO.Path.GetFileName(sample.Source)).Append(')');
        }

        var pixels = sample.GetPixelSpan();
        for (var row = 0; row < MnistSample.Rows; row++)
        {
            text.AppendLine();
            for (var column = 0; column < MnistSample.Columns; column++)
            {
                var shade = shades[pixels[(row * MnistSample.Columns) + column] * shades.Length / 256];
                text.Append(shade).Append(shade);
            }
        }

        return text.ToString();
    }

    private static bool ConsoleIsUnicode()
    {
        try
        {
            return Console.OutputEncoding.WebName.StartsWith("utf", StringComparison.OrdinalIgnoreCase);
        }
        catch (IOException)
        {
            return false;
        }
    }
}
