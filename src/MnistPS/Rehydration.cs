using System.Management.Automation;
using System.Text;

namespace MnistPS;

/// <summary>
/// Turns the copies PowerShell makes of MnistPS objects when they cross a process (Start-Job, Invoke-Command,
/// Export-Clixml) back into live objects. MnistPS.Types.ps1xml names this converter for networks, evaluations and
/// samples: a network travels with its model file's JSON (the hidden <c>Model</c> property) and is rebuilt by the
/// model-file reader, which checks it as it checks any file; an evaluation is rebuilt from its confusion matrix and
/// loss, a sample from its pixels.
/// </summary>
public sealed class Rehydration : PSTypeConverter
{
    private const string Prefix = "Deserialized.";

    /// <summary>The JSON of a network's model file: what a serialised network carries (the CodeProperty Model).</summary>
    public static string GetModel(PSObject instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        using var json = new MemoryStream();
        ModelFile.Write((Network)instance.BaseObject, json);
        return Encoding.UTF8.GetString(json.GetBuffer(), 0, (int)json.Length);
    }

    /// <summary>Whether <paramref name="value"/> is PowerShell's copy of an object of type <typeparamref name="T"/>.</summary>
    public static bool IsCopyOf<T>(object? value) =>
        value is PSObject { BaseObject: not T } copy && copy.TypeNames.Count > 0 && copy.TypeNames[0] == Prefix + typeof(T).FullName;

    /// <summary>The network a deserialised copy describes.</summary>
    public static Network ToNetwork(PSObject copy)
    {
        ArgumentNullException.ThrowIfNull(copy);
        return copy.Properties["Model"]?.Value is string json
            ? ModelFile.Read(Encoding.UTF8.GetBytes(json), "a deserialised network")
            : throw new ArgumentException("This copy of a network carries no model: it was serialised by a session without MnistPS's type data. Save the network with Export-MnistNetwork where it was made, and load the file.");
    }

    public override bool CanConvertFrom(object sourceValue, Type destinationType) =>
        (destinationType == typeof(Network) && IsCopyOf<Network>(sourceValue))
        || (destinationType == typeof(EvaluationResult) && IsCopyOf<EvaluationResult>(sourceValue))
        || (destinationType == typeof(MnistSample) && IsCopyOf<MnistSample>(sourceValue));

    public override object ConvertFrom(object sourceValue, Type destinationType, IFormatProvider formatProvider, bool ignoreCase)
    {
        var copy = (PSObject)sourceValue;
        try
        {
            if (destinationType == typeof(Network))
            {
                return ToNetwork(copy);
            }

            if (destinationType == typeof(EvaluationResult))
            {
                var rows = Values(copy, "ConfusionMatrix").Select(row => (IReadOnlyList<int>)Values(row).Select(Convert.ToInt32).ToArray()).ToArray();
                return EvaluationResult.FromConfusionMatrix(rows, Convert.ToDouble(copy.Properties["Loss"]?.Value, System.Globalization.CultureInfo.InvariantCulture));
            }

            var pixels = Values(copy, "Pixels").Select(Convert.ToByte).ToArray();
            var label = copy.Properties["Label"]?.Value is { } l ? Convert.ToInt32(l, System.Globalization.CultureInfo.InvariantCulture) : (int?)null;
            var index = copy.Properties["Index"]?.Value is { } i ? Convert.ToInt64(i, System.Globalization.CultureInfo.InvariantCulture) : -1;
            return new MnistSample(pixels, label, copy.Properties["Source"]?.Value as string, index);
        }
        catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException or ArgumentException)
        {
            throw new PSInvalidCastException($"This copy of a {destinationType.Name} cannot be rebuilt: {e.Message}", e);
        }
    }

    public override bool CanConvertTo(object sourceValue, Type destinationType) => false;

    public override object ConvertTo(object sourceValue, Type destinationType, IFormatProvider formatProvider, bool ignoreCase) =>
        throw new PSInvalidCastException($"MnistPS does not convert {sourceValue?.GetType().Name} to {destinationType.Name}.");

    private static IEnumerable<object> Values(PSObject copy, string property) => Values(copy.Properties[property]?.Value);

    /// <summary>The items of a deserialised list (an ArrayList, possibly wrapped), or of a list written as JSON text.</summary>
    private static IEnumerable<object> Values(object? value) => (value is PSObject p ? p.BaseObject : value) switch
    {
        string json => System.Text.Json.JsonSerializer.Deserialize<object[]>(json)!.Select(e => (object)e.ToString()!),
        System.Collections.IEnumerable items => items.Cast<object>(),
        _ => throw new FormatException("a list is missing."),
    };
}
