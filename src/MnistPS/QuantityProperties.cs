using System.Management.Automation;

namespace MnistPS;

/// <summary>Gives a pass's output object one property per quantity, by its tutorial name ($pass.Z1, $grad.dW1), as float[,] matrices.</summary>
internal static class QuantityProperties
{
    public static PSObject Attach(object pass, IEnumerable<Quantity> quantities)
    {
        var wrapped = PSObject.AsPSObject(pass);
        foreach (var quantity in quantities)
        {
            wrapped.Properties.Add(new PSNoteProperty(quantity.Name, quantity.Values));
        }

        return wrapped;
    }
}
