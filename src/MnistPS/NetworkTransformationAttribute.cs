using System.Management.Automation;

namespace MnistPS;

/// <summary>
/// Lets -Network take a model file's path (a string, or a file from Get-Item) as well as a network: the file is
/// resolved through the provider and loaded, so <c>-Network ./model.json</c> works wherever a network does. A copy of a
/// network that PowerShell did not turn back into one (see <see cref="Rehydration"/>) is rebuilt here.
/// </summary>
public sealed class NetworkTransformationAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        if (Rehydration.IsCopyOf<Network>(inputData))
        {
            try
            {
                return Rehydration.ToNetwork((PSObject)inputData);
            }
            catch (Exception e) when (e is ArgumentException or ModelFileException)
            {
                throw new ArgumentTransformationMetadataException(e.Message, e);
            }
        }

        var path = (inputData is PSObject wrapped ? wrapped.BaseObject : inputData) switch
        {
            string s => s,
            FileInfo f => f.FullName,
            _ => null,
        };
        if (path is null)
        {
            return inputData;
        }

        var resolved = engineIntrinsics.SessionState.Path.GetResolvedProviderPathFromPSPath(path, out var provider);
        if (provider.Name != "FileSystem" || resolved.Count != 1)
        {
            throw new ArgumentTransformationMetadataException($"'{path}' must name one model file; it names {resolved.Count} items on the {provider.Name} provider.");
        }

        try
        {
            return Interop.ModelFormats.Load(resolved[0]);
        }
        catch (ModelFileException e)
        {
            throw new ArgumentTransformationMetadataException(e.Message, e);
        }
    }
}
