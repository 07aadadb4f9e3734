using System.Text.Json;

namespace MnistPS;

/// <summary>
/// Reads the fields of a model file's JSON objects: numbers, strings and names only, each checked, with a
/// <see cref="ModelFileException"/> naming the file, where in it (<c>where</c>) and the field when one is wrong.
/// A field that is null counts as missing.
/// </summary>
internal static class JsonFields
{
    /// <summary>Longest string read from a field other than the weights (names, versions, sources).</summary>
    public const int MaxStringLength = 1024;

    /// <summary>Refuses a property named like a serializer's type hint ("$type"): model files name no .NET types.</summary>
    public static void RejectTypeNames(JsonElement element, string path, string where)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name.StartsWith('$'))
            {
                throw new ModelFileException(path, $"{where} has a \"{property.Name}\" property. MnistPS model files name no .NET types and such files are not loaded.");
            }
        }
    }

    /// <summary>An integer of at least <paramref name="min"/>.</summary>
    public static int Integer(JsonElement element, string name, string path, string where, int min = 0) =>
        OptionalInteger(element, name, path, where, min) ?? throw Missing(path, where, name, IntegerKind(min));

    /// <summary>An integer of at least <paramref name="min"/>, or null when the field is missing.</summary>
    public static int? OptionalInteger(JsonElement element, string name, string path, string where, int min = 0)
    {
        if (!TryGet(element, name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var result) || result < min)
        {
            throw Wrong(path, where, name, value, IntegerKind(min));
        }

        return result;
    }

    /// <summary>A finite number from <paramref name="min"/> to <paramref name="max"/>, or null when the field is missing.</summary>
    public static double? OptionalNumber(JsonElement element, string name, string path, string where, double min, double max, string? expected = null)
    {
        if (!TryGet(element, name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var result) || !double.IsFinite(result) || result < min || result > max)
        {
            throw Wrong(path, where, name, value, expected ?? $"a number from {min} to {max}");
        }

        return result;
    }

    /// <summary>A finite float32 number, or <paramref name="fallback"/> when the field is missing (range checks are the caller's).</summary>
    public static float Single(JsonElement element, string name, string path, string where, float fallback)
    {
        if (!TryGet(element, name, out var value))
        {
            return fallback;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetSingle(out var result) || !float.IsFinite(result))
        {
            throw Wrong(path, where, name, value, "a finite float32 number");
        }

        return result;
    }

    /// <summary>true or false, or <paramref name="fallback"/> when the field is missing.</summary>
    public static bool Boolean(JsonElement element, string name, string path, string where, bool fallback)
    {
        if (!TryGet(element, name, out var value))
        {
            return fallback;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Wrong(path, where, name, value, "true or false"),
        };
    }

    /// <summary>A string of at most <see cref="MaxStringLength"/> characters, or null when the field is missing.</summary>
    public static string? OptionalString(JsonElement element, string name, string path, string where)
    {
        if (!TryGet(element, name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String || value.GetString() is not { Length: <= MaxStringLength } result)
        {
            throw Wrong(path, where, name, value, $"a string of at most {MaxStringLength} characters");
        }

        return result;
    }

    /// <summary>One of the names of <typeparamref name="T"/> (any case; numbers are not names).</summary>
    public static T EnumValue<T>(JsonElement element, string name, string path, string where)
        where T : struct, Enum =>
        OptionalEnumValue<T>(element, name, path, where) ?? throw Missing(path, where, name, $"one of {string.Join(", ", Enum.GetNames<T>())}");

    /// <summary>One of the names of <typeparamref name="T"/>, or null when the field is missing.</summary>
    public static T? OptionalEnumValue<T>(JsonElement element, string name, string path, string where)
        where T : struct, Enum
    {
        if (!TryGet(element, name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String
            || !Enum.TryParse<T>(value.GetString(), ignoreCase: true, out var result) || !Enum.IsDefined(result) || int.TryParse(value.GetString(), out _))
        {
            throw Wrong(path, where, name, value, $"one of {string.Join(", ", Enum.GetNames<T>())}");
        }

        return result;
    }

    /// <summary>How to name a JSON value's kind in a message.</summary>
    public static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    /// <summary>The field called <paramref name="name"/>, unless it is missing or null.</summary>
    public static bool TryGet(JsonElement element, string name, out JsonElement value) =>
        element.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    /// <summary>A field that must be there is not.</summary>
    public static ModelFileException Missing(string path, string where, string name, string expected) =>
        new(path, $"{where}: \"{name}\" is missing or not {expected}.");

    /// <summary>A field that is there holds the wrong thing.</summary>
    public static ModelFileException Wrong(string path, string where, string name, JsonElement value, string expected) =>
        new(path, $"{where}: \"{name}\" is {Shown(value)}, not {expected}.");

    /// <summary>A value as a message shows it: a number or a short string as written, else its kind.</summary>
    private static string Shown(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.String when value.GetString() is { Length: <= 40 } text => $"\"{text}\"",
        _ => Kind(value),
    };

    private static string IntegerKind(int min) => min == 0 ? "a non-negative integer" : min == 1 ? "a positive integer" : "an integer";
}
