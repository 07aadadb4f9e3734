using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;

namespace MnistPS;

/// <summary>
/// Loads SkiaSharp's and HarfBuzzSharp's native libraries from the module's runtimes/&lt;rid&gt;/native folder. PowerShell
/// resolves a module's managed assemblies but not the native libraries beside them, so the module tells .NET where they
/// are when it is imported.
/// </summary>
public sealed class NativeLibraries : IModuleAssemblyInitializer
{
    /// <summary>Registers the resolver for SkiaSharp's and HarfBuzzSharp's P/Invokes.</summary>
    public void OnImport()
    {
        foreach (var assembly in new[] { typeof(SkiaSharp.SKBitmap).Assembly, typeof(HarfBuzzSharp.Blob).Assembly })
        {
            try
            {
                NativeLibrary.SetDllImportResolver(assembly, Resolve);
            }
            catch (InvalidOperationException)
            {
                // A resolver is set already: this module was imported before in this process (Import-Module -Force).
            }
        }
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        var folder = Path.Combine(Path.GetDirectoryName(typeof(NativeLibraries).Assembly.Location)!, "runtimes");
        var file = Path.GetFileNameWithoutExtension(name) + (OperatingSystem.IsWindows() ? ".dll" : OperatingSystem.IsMacOS() ? ".dylib" : ".so");
        foreach (var rid in RuntimeIdentifiers())
        {
            var path = Path.Combine(folder, rid, "native", file);
            if (File.Exists(path))
            {
                return NativeLibrary.Load(path);
            }
        }

        return IntPtr.Zero;
    }

    /// <summary>The runtime's own identifier (linux-musl-x64 on Alpine, for example), then the generic one for this OS and architecture.</summary>
    private static IEnumerable<string> RuntimeIdentifiers()
    {
        yield return RuntimeInformation.RuntimeIdentifier;
        var os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
        if (os == "osx")
        {
            yield return os;
        }

        yield return $"{os}-{RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()}";
    }
}
