namespace MnistPS;

public sealed partial class Network
{
    /// <summary>
    /// One image's forward pass by the prediction code itself, stopped after each layer to copy its z (before the
    /// activation) into <paramref name="z"/>[l] and its a into <paramref name="a"/>[l]. Returns -log p(label), or NaN
    /// without a label.
    /// </summary>
    internal float Trace(Workspace workspace, ReadOnlySpan<byte> pixels, int label, float[][] z, float[][] a)
    {
        FirstLayer(workspace, 0, pixels);
        for (var l = 0; l < _layers.Length; l++)
        {
            var row = workspace.Activations[l].AsSpan(0, _layers[l].OutputSize);
            row.CopyTo(z[l]);
            if (l < _layers.Length - 1)
            {
                Activate(workspace, 0, l, dropout: false); // layer l's activation, in place
                Affine(workspace, 0, 1, l + 1); // layer l + 1's z
            }
            else
            {
                Output(workspace, 0, label); // the softmax, in place
            }

            row.CopyTo(a[l]);
        }

        return label >= 0 ? workspace.Losses[0] : float.NaN;
    }
}
