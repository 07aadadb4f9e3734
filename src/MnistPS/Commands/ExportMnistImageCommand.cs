using System.Globalization;
using System.Management.Automation;
using MnistPS.Imaging;

namespace MnistPS.Commands;

/// <summary>Writes samples or predictions as PNG: one digit with exactly its pixels, a captioned sheet of many, or a file each.</summary>
[Cmdlet(VerbsData.Export, "MnistImage", SupportsShouldProcess = true, DefaultParameterSetName = FileSet)]
[OutputType(typeof(FileInfo))]
public sealed class ExportMnistImageCommand : FileOutputCmdlet
{
    private const string FileSet = "Path";
    private const string DirectorySet = "Directory";

    private readonly List<DigitTile> _tiles = [];
    private string? _folder;
    private int _written;

    /// <summary>Samples (MnistSample) or predictions (MnistPrediction) to draw.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public PSObject[]? InputObject { get; set; }

    /// <summary>The PNG file to write: the digit itself for one input, a sheet for several.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = FileSet)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>A folder to write one PNG per digit into (created if missing).</summary>
    [Parameter(Mandatory = true, ParameterSetName = DirectorySet)]
    [ValidateNotNullOrEmpty]
    public string? Directory { get; set; }

    /// <summary>Each pixel becomes Scale x Scale pixels (default 1 for single digits, 2 on a sheet).</summary>
    [Parameter]
    [ValidateRange(1, DigitPictures.MaxScale)]
    public int Scale { get; set; }

    /// <summary>Tiles per row of a sheet.</summary>
    [Parameter(ParameterSetName = FileSet)]
    [ValidateRange(1, DigitPictures.MaxColumns)]
    public int Columns { get; set; } = 10;

    /// <summary>No captions under the tiles of a sheet.</summary>
    [Parameter(ParameterSetName = FileSet)]
    public SwitchParameter NoCaption { get; set; }

    protected override void BeginProcessing()
    {
        if (ParameterSetName == DirectorySet)
        {
            _folder = ResolveOutputPath(Directory!);
            if (File.Exists(_folder))
            {
                Fail(new ArgumentException($"{_folder}: this is a file, not a folder. Name a folder for -Directory, or use -Path for one file."), _folder);
            }
        }
    }

    protected override void ProcessRecord()
    {
        foreach (var item in InputObject ?? [])
        {
            var tile = item?.BaseObject switch
            {
                MnistPrediction prediction => DigitTile.Of(prediction),
                MnistSample sample => DigitTile.Of(sample),
                _ => null,
            };
            if (tile is null)
            {
                WriteError(new ErrorRecord(
                    new ArgumentException($"Export-MnistImage draws MnistSample and MnistPrediction objects, not {DescribeInput(item)}. Pipe Import-MnistData, Import-MnistImage or Get-MnistPrediction into it."),
                    ErrorIds.InvalidArgument,
                    ErrorCategory.InvalidArgument,
                    item));
                continue;
            }

            if (_folder is null)
            {
                _tiles.Add(tile);
            }
            else
            {
                WriteOne(tile);
            }
        }
    }

    protected override void EndProcessing()
    {
        if (_folder is not null || _tiles.Count == 0)
        {
            return;
        }

        var target = RequirePng(ResolveOutputPath(Path!));
        if (_tiles.Count == 1)
        {
            WriteFile(target, $"Write digit as a {28 * DigitScale}x{28 * DigitScale} PNG", terminating: true, stream => DigitPictures.WritePng(_tiles[0].Sample, stream, DigitScale));
            return;
        }

        var tiles = NoCaption ? _tiles.Select(t => new DigitTile(t.Sample)).ToList() : _tiles;
        WriteFile(target, $"Write a sheet of {_tiles.Count} digits", terminating: true, stream => DigitPictures.WriteSheet(tiles, stream, Columns, SheetScale));
    }

    private void WriteOne(DigitTile tile)
    {
        if (_written == 0 && !System.IO.Directory.Exists(_folder) && ShouldProcess(_folder!, "Create folder"))
        {
            System.IO.Directory.CreateDirectory(_folder!);
        }

        _written++;
        var name = string.Create(CultureInfo.InvariantCulture, $"{_written:D5}{tile.FileSuffix}.png");
        WriteFile(System.IO.Path.Combine(_folder!, name), "Write digit as PNG", terminating: false, stream => DigitPictures.WritePng(tile.Sample, stream, DigitScale));
    }

    /// <summary>-Scale, or 1 for a digit on its own.</summary>
    private int DigitScale => Scale == 0 ? 1 : Scale;

    /// <summary>-Scale, or 2 on a sheet.</summary>
    private int SheetScale => Scale == 0 ? 2 : Scale;

    private string RequirePng(string target)
    {
        if (!string.Equals(System.IO.Path.GetExtension(target), ".png", StringComparison.OrdinalIgnoreCase))
        {
            Fail(new ArgumentException($"{target}: Export-MnistImage writes PNG files. Name the file *.png."), target);
        }

        return target;
    }
}
