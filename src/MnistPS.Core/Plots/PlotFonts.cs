using ScottPlot;
using SkiaSharp;

namespace MnistPS.Plots;

/// <summary>
/// The font of every picture MnistPS draws: Inter (SIL Open Font License, see Plots/Fonts/OFL.txt), embedded in the
/// assembly, so that titles, labels, ticks and captions render on a machine with no fonts and no fontconfig.
/// </summary>
public static class PlotFonts
{
    /// <summary>The font family name pictures use.</summary>
    public const string Family = "Inter";

    private static readonly Lazy<SKTypeface> RegularFace = new(() => Load("Inter-Regular.otf"));
    private static readonly Lazy<SKTypeface> BoldFace = new(() => Load("Inter-SemiBold.otf"));
    private static readonly Lazy<bool> Registered = new(Register);

    /// <summary>The regular or bold typeface.</summary>
    public static SKTypeface Typeface(bool bold = false) => bold ? BoldFace.Value : RegularFace.Value;

    /// <summary>Makes Inter ScottPlot's default font (once per process; ScottPlot's font list is global).</summary>
    public static void UseInScottPlot() => _ = Registered.Value;

    private static bool Register()
    {
        Fonts.FontResolvers.Insert(0, new Resolver());
        Fonts.Default = Family;
        Fonts.Sans = Family;
        return true;
    }

    private static SKTypeface Load(string file)
    {
        using var stream = typeof(PlotFonts).Assembly.GetManifestResourceStream($"MnistPS.Fonts.{file}")
            ?? throw new InvalidOperationException($"The embedded font {file} is missing from {typeof(PlotFonts).Assembly.GetName().Name}.");
        return SKTypeface.FromStream(stream) ?? throw new InvalidOperationException($"The embedded font {file} cannot be read.");
    }

    /// <summary>Answers ScottPlot's requests for Inter with the embedded typefaces.</summary>
    private sealed class Resolver : IFontResolver
    {
        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) =>
            string.Equals(fontName, Family, StringComparison.OrdinalIgnoreCase) ? Typeface(bold) : null;

        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing) =>
            CreateTypeface(fontName, weight >= FontWeight.SemiBold, slant != FontSlant.Upright);
    }
}
