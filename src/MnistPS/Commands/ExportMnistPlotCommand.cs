using System.Management.Automation;
using MnistPS.Plots;
using ScottPlot;

namespace MnistPS.Commands;

/// <summary>
/// Draws a chart chosen by its input: epoch records give training curves, an evaluation the confusion matrix with
/// precision and recall, a network its first-layer weights; PNG or SVG by the file's extension.
/// </summary>
[Cmdlet(VerbsData.Export, "MnistPlot", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportMnistPlotCommand : FileOutputCmdlet
{
    private readonly List<EpochResult> _epochs = [];
    private readonly List<object> _others = [];

    /// <summary>Epoch records (Invoke-MnistTraining), an evaluation (Test-MnistNetwork) or a network.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public PSObject[]? InputObject { get; set; }

    /// <summary>The picture to write: *.png or *.svg.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>Width in pixels (default 1200; 900 for weights).</summary>
    [Parameter]
    [ValidateRange(PlotFile.MinSize, PlotFile.MaxSize)]
    public int? Width { get; set; }

    /// <summary>Height in pixels (default 500; 900 for weights).</summary>
    [Parameter]
    [ValidateRange(PlotFile.MinSize, PlotFile.MaxSize)]
    public int? Height { get; set; }

    /// <summary>A title for the chart.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Title { get; set; }

    /// <summary>For a network: how many hidden units to draw (the first ones).</summary>
    [Parameter]
    [ValidateRange(1, WeightPlot.MaxUnits)]
    public int Units { get; set; } = WeightPlot.DefaultUnits;

    protected override void ProcessRecord()
    {
        foreach (var item in InputObject ?? [])
        {
            switch (item?.BaseObject)
            {
                case EpochResult epoch:
                    _epochs.Add(epoch);
                    break;
                case EvaluationResult or Network:
                    _others.Add(item.BaseObject);
                    break;
                case TrainingRun:
                    // Invoke-MnistTraining -Summary writes one after its epoch records: the curves are drawn from those.
                    break;
                default:
                    Fail(new ArgumentException($"Export-MnistPlot draws the epoch records of Invoke-MnistTraining, the result of Test-MnistNetwork or a network, not {DescribeInput(item)}."), item);
                    break;
            }
        }
    }

    protected override void EndProcessing()
    {
        var target = ResolveOutputPath(Path!);
        PlotFormat format = default;
        try
        {
            format = PlotFile.FormatOf(target);
        }
        catch (ArgumentException e)
        {
            Fail(e, target);
        }

        if (_epochs.Count > 0 == _others.Count > 0 || _others.Count > 1)
        {
            Fail(new ArgumentException("Export-MnistPlot draws one chart: pipe in either the epoch records of one training run, or one evaluation, or one network."), target);
        }

        var weights = _others.FirstOrDefault() is Network;
        var (width, height) = (Width ?? (weights ? 900 : 1200), Height ?? (weights ? 900 : 500));
        Multiplot chart = _others.FirstOrDefault() switch
        {
            EvaluationResult evaluation => ConfusionPlot.Draw(evaluation, Title),
            Network network => WeightPlot.Draw(network, Units, Title),
            _ => TrainingCurves.Draw(_epochs, Title),
        };

        WriteFile(target, $"Write a {width}x{height} {format} chart", terminating: true, stream => PlotFile.Write(chart, stream, format, width, height));
    }
}
