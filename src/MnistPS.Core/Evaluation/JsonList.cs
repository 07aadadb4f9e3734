using System.Collections.ObjectModel;
using System.Text.Json;

namespace MnistPS;

/// <summary>
/// A read-only list whose text form is its JSON. PowerShell's ConvertTo-Json writes it as an array, and Export-Csv
/// (which writes a property's text) puts JSON in the cell, which ConvertFrom-Json reads back.
/// </summary>
public sealed class JsonList<T> : ReadOnlyCollection<T>
{
    internal JsonList(IList<T> items)
        : base(items)
    {
    }

    /// <inheritdoc />
    public override string ToString() => JsonSerializer.Serialize(Items);
}
